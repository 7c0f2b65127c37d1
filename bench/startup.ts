import { join } from 'node:path'
import { startBackend } from '../src-main/backend/bootstrap'
import { type BenchSuite, fmt, tempDir, timed } from './harness'

const log = { info: () => {}, warn: () => {}, error: () => {} }

export const startupSuite: BenchSuite = {
  name: 'startup',
  async run(report) {
    const tmp = tempDir('startup')
    try {
      const path = join(tmp.dir, 'marelle.db')
      const first = await timed(() => startBackend({ databasePath: path, log }))
      await first.value.close()
      report(`ouverture + migrations d’une base vide : ${fmt(first.ms)}`)
      const again = await timed(() => startBackend({ databasePath: path, log }))
      await again.value.close()
      report(`ouverture d’une base à jour : ${fmt(again.ms)}`)
    } finally {
      tmp.dispose()
    }
  },
}
