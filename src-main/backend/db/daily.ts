import type { Actor, Services } from '../context'
import type { StorageHealth } from './health'
import { fileOf } from './storage/file'

/** Who the daily copy runs as: nobody signed in (the job belongs to no staff member). */
const SYSTEM: Actor = {
  staffId: null,
  login: 'system',
  displayName: 'Marelle (sauvegarde du jour)',
  role: 'administrateur',
}

/**
 * Starts the day's automatic copy (see backup.ts: checked in full first,
 * never over the good copies) in a worker thread when the app has one, and
 * resolves with the new copy's path (null: already done today, or the
 * database is damaged, which the health channel then reports).
 */
export function runDailyBackup(services: Services, pollMs = 500): Promise<string | null> {
  const { jobs } = services
  const file = fileOf(services.storage)
  if (!jobs) return file.dailyBackup(services.paths.backupsDir, services.clock.now())
  const job = jobs.start('db.dailyBackup', {}, SYSTEM)
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      const status = jobs.status(job.id, SYSTEM)
      if (status.state === 'running') return
      clearInterval(timer)
      if (status.state !== 'done') return reject(new Error(status.error?.message ?? 'daily backup failed'))
      const result = status.result as { path: string | null; health: StorageHealth | null }
      if (result.health && !result.health.ok) file.rememberHealth(result.health)
      resolve(result.path)
    }, pollMs)
    timer.unref?.()
  })
}
