// The steps of `npm test`, in order. The lint step runs exactly what
// `npm run lint` runs (tests/unit/test-steps.test.ts holds them together).
export function testSteps(reports) {
  const playwright = (config, name, project) => ({
    args: [
      'playwright',
      'test',
      ...(config ? ['--config', config] : []),
      ...(project ? ['--project', project] : []),
      '--reporter=list,json',
    ],
    env: { PLAYWRIGHT_JSON_OUTPUT_NAME: `${reports}/${name}.json` },
    report: `${reports}/${name}.json`,
    kind: 'playwright',
  })
  return [
    ['Types (tsc)', { args: ['tsc', '--noEmit', '-p', 'tsconfig.json'] }],
    ['Lint (biome)', { args: ['biome', 'check', '.'] }],
    [
      'Back-end (vitest)',
      {
        args: [
          'vitest',
          'run',
          '--reporter=default',
          '--reporter=json',
          `--outputFile.json=${reports}/vitest.json`,
        ],
        report: `${reports}/vitest.json`,
        kind: 'vitest',
      },
    ],
    // The same back-end on a real PostgreSQL server (tests/pg): a throw-away
    // cluster of pg_virtualenv when no server is given; skipped with a line
    // saying so where neither exists, refused by MARELLE_REQUIRE_PG=1 (.ci/run).
    [
      'Back-end sur PostgreSQL (vitest, serveur jetable)',
      {
        args: [
          'node',
          'scripts/pg-test.mjs',
          '--reporter=default',
          '--reporter=json',
          `--outputFile.json=${reports}/vitest-pg.json`,
        ],
        report: `${reports}/vitest-pg.json`,
        kind: 'vitest',
      },
    ],
    // The whole back-end suite again, every test backend on PostgreSQL
    // (scripts/pg-suite.mjs): both engines pass the same tests.
    [
      'Suite du back-end sur PostgreSQL (vitest, serveur jetable)',
      {
        args: [
          'node',
          'scripts/pg-suite.mjs',
          '--reporter=default',
          '--reporter=json',
          `--outputFile.json=${reports}/vitest-pg-suite.json`,
        ],
        report: `${reports}/vitest-pg-suite.json`,
        kind: 'vitest',
      },
    ],
    [
      'Build du rendu web',
      { args: ['vite', 'build', '--config', 'vite.web.config.ts', '--logLevel', 'warn'] },
    ],
    ['Bout en bout (Playwright, Chromium)', playwright(null, 'e2e', 'web')],
    // The web host on PostgreSQL, in Chromium (scripts/pg-e2e.mjs).
    [
      'Bout en bout sur PostgreSQL (Playwright, serveur jetable)',
      {
        ...playwright(null, 'e2e-pg', 'server-mode'),
        args: ['node', 'scripts/pg-e2e.mjs', '--reporter=list,json'],
      },
    ],
    ['Build Electron (electron-vite)', { args: ['electron-vite', 'build', '--logLevel', 'warn'] }],
    [
      'Coquille Electron (Playwright _electron)',
      playwright('tests/electron/playwright.config.ts', 'electron'),
    ],
  ]
}
