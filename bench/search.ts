import type { Database } from 'better-sqlite3-multiple-ciphers'
import { searchChildren } from '../src-main/backend/search/children'
import { searchFamilies } from '../src-main/backend/search/families'
import { sqliteOf } from '../tests/helpers/sqlite'
import { cityDatabase } from './demo'
import { type BenchSuite, fmt, latency } from './harness'

const fold = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()

const spaced = (phone: string) => phone.replace(/(\d{2})(?=\d)/g, '$1 ')

/** What staff type, drawn from the data itself: every 997th row, so always the same set. */
export function familyQueries(sqlite: Database): Record<string, string[]> {
  const guardians = sqlite
    .prepare(
      `SELECT g.last_name, g.first_name, g.mobile_phone, g.email, f.number FROM guardians g
       JOIN families f ON f.id = g.family_id WHERE g.id % 997 = 0 AND g.mobile_phone IS NOT NULL AND g.email IS NOT NULL`,
    )
    .all() as { last_name: string; first_name: string; mobile_phone: string; email: string; number: string }[]
  return {
    'nom avec accents': guardians.map((g) => g.last_name),
    'nom sans accents': guardians.map((g) => fold(`${g.last_name} ${g.first_name}`)),
    'début de nom': guardians.map((g) => fold(g.last_name).slice(0, 3)),
    'prénom et début de nom': guardians.map((g) => `${g.first_name} ${g.last_name.slice(0, 2)}`),
    téléphone: guardians.flatMap((g) => [spaced(g.mobile_phone), `+33 ${spaced(g.mobile_phone.slice(1))}`]),
    'début de téléphone': guardians.map((g) => spaced(g.mobile_phone.slice(0, 6))),
    'début de N° famille': guardians.map((g, i) => g.number.slice(0, 6 + (i % 6))),
    'e-mail': guardians.flatMap((g) => [g.email, g.email.split('@')[0]]),
  }
}

function childQueries(sqlite: Database): Record<string, string[]> {
  const children = sqlite
    .prepare(
      `SELECT c.last_name, c.first_name, c.identifier, f.number FROM children c
       JOIN families f ON f.id = c.family_id WHERE c.id % 997 = 0`,
    )
    .all() as { last_name: string; first_name: string; identifier: string; number: string }[]
  return {
    'prénom et nom': children.map((c) => fold(`${c.first_name} ${c.last_name}`)),
    'début de prénom': children.map((c) => c.first_name.slice(0, 3)),
    Identifiant: children.map((c) => c.identifier),
    'N° famille': children.map((c) => c.number.slice(0, 9)),
  }
}

async function measure(
  report: (line: string) => void,
  title: string,
  queries: Record<string, string[]>,
  search: (query: string) => Promise<unknown>,
) {
  const all = Object.values(queries).flat()
  for (const query of all.slice(0, 20)) await search(query) // warm the page cache
  const overall = await latency(all, search)
  report(`${title} (${overall.count} recherches) : médiane ${fmt(overall.median)}, p95 ${fmt(overall.p95)}`)
  for (const [kind, list] of Object.entries(queries)) {
    const figures = await latency(list, search)
    report(`  ${kind} : médiane ${fmt(figures.median)}, p95 ${fmt(figures.p95)}`)
  }
}

export const searchSuite: BenchSuite = {
  name: 'search',
  async run(report) {
    const { ctx } = await cityDatabase()
    const page = { limit: 50, offset: 0 }
    const families = familyQueries(sqliteOf(ctx))
    families['liste complète, pages au hasard'] = Array.from({ length: 50 }, () => '')
    let pageIndex = 0
    await measure(report, 'familles', families, (query) =>
      searchFamilies(ctx, { ...page, query, offset: query === '' ? (pageIndex++ * 7919) % 100_000 : 0 }),
    )
    await measure(report, 'enfants', childQueries(sqliteOf(ctx)), (query) =>
      searchChildren(ctx, { ...page, query }),
    )
  },
}
