#!/usr/bin/env node
// Command-line tool for administrators and scheduled jobs. It runs the
// TypeScript back-end directly through tsx, so a fresh clone needs no build.
import { fileURLToPath } from 'node:url'
import { register } from 'tsx/esm/api'

register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) })
const { main } = await import('../src-main/cli/main.ts')
process.exitCode = await main(process.argv.slice(2))
