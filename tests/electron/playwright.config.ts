import { defineConfig } from '@playwright/test'

// The desktop shell's own checks, through Playwright's Electron driver. They
// need Electron's binary and an Electron build of better-sqlite3; where
// either is missing (CI, development machines without internet) they are
// skipped with a message saying so.
export default defineConfig({
  testDir: '.',
  outputDir: '../../test-results/electron',
  workers: 1,
  timeout: 60_000,
  reporter: [['list']],
})
