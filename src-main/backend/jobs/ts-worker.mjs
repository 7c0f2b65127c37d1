// Worker thread bootstrap when running from the TypeScript sources (tests,
// CLI, web host): registers tsx in this thread, then loads the real entry.
// The desktop build bundles worker-entry.ts as out/main/job-worker.js instead.
import { fileURLToPath } from 'node:url'
import { register } from 'tsx/esm/api'

register({ tsconfig: fileURLToPath(new URL('../../../tsconfig.json', import.meta.url)) })
await import('./worker-entry.ts')
