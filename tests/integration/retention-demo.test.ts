import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  utimesSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import BetterSqlite3, { type Database } from 'better-sqlite3-multiple-ciphers'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { runCli } from '../helpers/cli'
import { describeSqliteOnly } from '../helpers/pg-backend'

// Retention on a demo database (docs/conservation.md): ten families whose
// children all left four years ago, and one child of a family that stays,
// with their names copied where Marelle copies them (messages, requests,
// audit entries, meal orders, attendance). After the plan is applied, the
// database FILE no longer holds any of their names, e-mails or phones.

let dir: string
let dbPath: string
const run = (...argv: string[]) => runCli('--db', dbPath, ...argv)

const DEPARTED = '2022-06-30'

interface Scope {
  families: number[]
  children: number[]
  /** The child who left from a family that keeps another child. */
  lone: number
}
let scope: Scope
let needles: string[]
let before: { enrolments: number; marks: number; exceptions: number; invoiced: number; lines: number }
let births: Map<number, number>
let places: { postal_code: string | null; city: string | null }[]

const fold = (text: string) =>
  text
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')

function open(readonly = false): Database {
  return new BetterSqlite3(dbPath, { readonly })
}

const list = (ids: number[]) => ids.join(', ')

function fileText(): string {
  const sqlite = open()
  sqlite.pragma('wal_checkpoint(TRUNCATE)')
  sqlite.close()
  const bytes = readFileSync(dbPath)
  return `${bytes.toString('utf8')}\n${bytes.toString('latin1')}`
}

function inFile(text: string, needle: string): boolean {
  return text.includes(needle) || fold(text).includes(fold(needle))
}

/** Names, e-mails, phones and addresses of the people the plan covers. */
function identities(sqlite: Database, s: Scope): string[] {
  const values = [
    ...sqlite
      .prepare(
        `SELECT last_name, first_name, email, mobile_phone, home_phone, address_line1 FROM guardians
         WHERE family_id IN (${list(s.families)})`,
      )
      .raw()
      .all(),
    ...sqlite
      .prepare(`SELECT last_name, first_name FROM children WHERE id IN (${list(s.children)})`)
      .raw()
      .all(),
    ...sqlite
      .prepare(
        `SELECT last_name, first_name, phone, mobile FROM authorized_persons WHERE child_id IN (${list(s.children)})`,
      )
      .raw()
      .all(),
    ...sqlite
      .prepare(`SELECT label, details FROM health_conditions WHERE child_id IN (${list(s.children)})`)
      .raw()
      .all(),
  ].flat() as (string | null)[]
  return [...new Set(values.filter((v): v is string => typeof v === 'string' && v.length >= 4))]
}

/** Text of everything the plan does not cover: a needle found there is someone else's too. */
function othersText(sqlite: Database, s: Scope): string {
  const parts: unknown[] = [
    sqlite.prepare(`SELECT * FROM guardians WHERE family_id NOT IN (${list(s.families)})`).all(),
    sqlite.prepare(`SELECT * FROM children WHERE id NOT IN (${list(s.children)})`).all(),
    sqlite.prepare(`SELECT * FROM authorized_persons WHERE child_id NOT IN (${list(s.children)})`).all(),
    sqlite.prepare(`SELECT * FROM health_conditions WHERE child_id NOT IN (${list(s.children)})`).all(),
    sqlite.prepare(`SELECT * FROM vaccinations WHERE child_id NOT IN (${list(s.children)})`).all(),
  ]
  for (const table of [
    'staff',
    'structures',
    'services',
    'settings',
    'vaccine_products',
    'message_templates',
  ])
    parts.push(sqlite.prepare(`SELECT * FROM ${table}`).all())
  return fold(JSON.stringify(parts))
}

function addCopies(sqlite: Database, s: Scope): void {
  const now = '2026-11-20T10:00:00.000Z'
  const service = sqlite.prepare('SELECT id FROM services ORDER BY id LIMIT 1').pluck().get() as number
  const other = sqlite
    .prepare(`SELECT id, last_name, first_name FROM children WHERE id NOT IN (${list(s.children)}) LIMIT 1`)
    .get() as { id: number; last_name: string; first_name: string }
  for (const childId of s.children) {
    const child = sqlite
      .prepare('SELECT family_id, last_name, first_name FROM children WHERE id = ?')
      .get(childId) as { family_id: number; last_name: string; first_name: string }
    const guardian = sqlite
      .prepare(
        "SELECT last_name, first_name, email FROM guardians WHERE family_id = ? AND role = 'responsable'",
      )
      .get(child.family_id) as { last_name: string; first_name: string; email: string | null }
    const person = sqlite
      .prepare('SELECT last_name, first_name FROM authorized_persons WHERE child_id = ? LIMIT 1')
      .get(childId) as { last_name: string; first_name: string } | undefined
    const fullName = `${child.first_name} ${child.last_name}`
    sqlite
      .prepare('INSERT INTO messages (family_id, child_id, subject, body, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(
        child.family_id,
        childId,
        `Dossier de ${fullName}`,
        `Bonjour ${guardian.first_name} ${guardian.last_name}, …`,
        now,
      )
    const request = sqlite
      .prepare(
        `INSERT INTO requests (ref, channel, submitted_at, submitted_at_utc, received_at, family_id, child_id, kind,
           payload, comment, reply, created_at, updated_at)
         VALUES (?, 'portail', ?, ?, ?, ?, ?, 'responsable.coordonnees', ?, ?, ?, ?, ?)`,
      )
      .run(
        `P-20261120-R${childId}`,
        now,
        now,
        now,
        child.family_id,
        childId,
        JSON.stringify({ nom: guardian.last_name, email: guardian.email }),
        `Pour ${fullName}`,
        `Merci ${guardian.last_name}`,
        now,
        now,
      )
    sqlite
      .prepare(
        `INSERT INTO request_items (request_id, position, field, seen_value, requested_value)
         VALUES (?, 1, 'nom', ?, ?)`,
      )
      .run(request.lastInsertRowid, guardian.last_name, `${guardian.last_name}-${guardian.first_name}`)
    sqlite
      .prepare(
        `INSERT INTO audit_log (at, actor, action, entity_type, entity_id, family_id, child_id, changes, note)
         VALUES (?, 'Agent', 'child.update', 'child', ?, ?, ?, ?, ?)`,
      )
      .run(
        now,
        childId,
        child.family_id,
        childId,
        JSON.stringify([
          { field: 'prenom', label: 'Prénom', before: child.first_name, after: child.first_name },
        ]),
        `Fiche de ${fullName}`,
      )
    sqlite
      .prepare(
        `INSERT INTO attendance_marks (child_id, service_id, day, presence, picked_up_name, created_at, updated_at)
         VALUES (?, ?, '2022-06-20', 'present', ?, ?, ?)`,
      )
      .run(childId, service, person ? `${person.first_name} ${person.last_name}` : fullName, now, now)
    sqlite
      .prepare(
        `INSERT INTO kitchen_orders (service_id, day, sent_at, total, children) VALUES (?, '2022-06-20', ?, 2, ?)`,
      )
      .run(
        service,
        now,
        JSON.stringify([
          {
            id: childId,
            name: `${child.last_name} ${child.first_name}`,
            diet: 'standard',
            allergens: ['peanuts'],
          },
          { id: other.id, name: `${other.last_name} ${other.first_name}`, diet: 'standard', allergens: [] },
        ]),
      )
  }
  // The access log exported for one of their families: the note cites its number.
  const number = sqlite.prepare('SELECT number FROM families WHERE id = ?').pluck().get(s.families[0])
  sqlite
    .prepare(
      `INSERT INTO audit_log (at, actor, action, entity_type, note)
       VALUES (?, 'Admin', 'health-access.export', 'health-access', ?)`,
    )
    .run(now, `Export du journal des accès aux données de santé (famille ${number}) : 3 lignes`)
  // Entries older than their own period: an audit entry of 2019, a health read of early 2025.
  sqlite
    .prepare(
      "INSERT INTO audit_log (at, actor, action, entity_type, note) VALUES ('2019-05-01T08:00:00.000Z', 'Agent', 'settings.update', 'setting', NULL)",
    )
    .run()
  sqlite
    .prepare(
      `INSERT INTO audit_log (at, actor, action, entity_type, entity_id, child_id, note)
       VALUES ('2025-01-15T08:00:00.000Z', 'Agent', 'child.health.view', 'child', ?, ?, 'Consultation des données de santé (fiche de l’enfant)')`,
    )
    .run(other.id, other.id)
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'marelle-retention-'))
  dbPath = join(dir, 'marelle.db')
  expect((await run('migrate')).code).toBe(0)
  expect((await run('demo', '--families', '50', '--seed', 'retention')).code).toBe(0)

  const sqlite = open()
  const families = sqlite
    .prepare(
      `SELECT f.id FROM families f WHERE f.number <> '383304832264'
       AND (SELECT count(*) FROM children c WHERE c.family_id = f.id) > 0 ORDER BY f.id LIMIT 10`,
    )
    .pluck()
    .all() as number[]
  const lone = sqlite
    .prepare(
      `SELECT min(c.id) FROM children c WHERE c.family_id NOT IN (${list(families)})
       AND (SELECT count(*) FROM children x WHERE x.family_id = c.family_id) > 1`,
    )
    .pluck()
    .get() as number
  sqlite
    .prepare(`UPDATE children SET left_on = ? WHERE family_id IN (${list(families)}) OR id = ?`)
    .run(DEPARTED, lone)
  const children = sqlite
    .prepare('SELECT id FROM children WHERE left_on = ? ORDER BY id')
    .pluck()
    .all(DEPARTED) as number[]
  scope = { families, children, lone }
  addCopies(sqlite, scope)

  const others = othersText(sqlite, scope)
  needles = identities(sqlite, scope).filter((n) => !others.includes(fold(n)))
  before = {
    enrolments: sqlite.prepare('SELECT count(*) FROM enrolments').pluck().get() as number,
    marks: sqlite.prepare('SELECT count(*) FROM attendance_marks').pluck().get() as number,
    exceptions: sqlite.prepare('SELECT count(*) FROM agenda_exceptions').pluck().get() as number,
    invoiced: sqlite.prepare('SELECT coalesce(sum(total_cents), 0) FROM invoices').pluck().get() as number,
    lines: sqlite.prepare('SELECT count(*) FROM invoice_lines').pluck().get() as number,
  }
  births = new Map(
    (
      sqlite.prepare(`SELECT id, birth_date FROM children WHERE id IN (${list(children)})`).all() as {
        id: number
        birth_date: string
      }[]
    ).map((r) => [r.id, Number(r.birth_date.slice(0, 4))]),
  )
  places = sqlite
    .prepare(`SELECT postal_code, city FROM guardians WHERE family_id IN (${list(families)}) ORDER BY id`)
    .all() as typeof places
  sqlite.close()

  // A copy older than the backups' period, and the CSV export taken before retention.
  mkdirSync(join(dir, 'backups'), { recursive: true })
  const old = join(dir, 'backups', 'sauvegarde-2025-01-01-10h00-00.db')
  copyFileSync(dbPath, old)
  utimesSync(old, new Date('2025-01-01T09:00:00Z'), new Date('2025-01-01T09:00:00Z'))
  expect((await run('export', 'families', '--out', join(dir, 'avant.zip'))).code).toBe(0)
}, 180_000)

afterAll(() => rmSync(dir, { recursive: true, force: true }))

// The file's own: what the SQLite file's bytes still hold after the plan.
describeSqliteOnly('retention on a demo database', () => {
  it('plans, refuses a stale plan, applies, and leaves no trace of the names in the file', async () => {
    expect(scope.children.length).toBeGreaterThan(10)
    expect(needles.length).toBeGreaterThan(40)
    const text = fileText()
    for (const needle of needles) expect(inFile(text, needle), `before: ${needle}`).toBe(true)

    // The plan: counts per table, no names, in JSON and in text.
    const planned = await run('retention', 'plan', '--json')
    expect(planned.code, planned.err).toBe(0)
    const plan = JSON.parse(planned.out)
    expect(plan).toMatchObject({
      children: scope.children.length,
      families: 10,
      audit_entries: 1,
      health_traces: 1,
    })
    expect(plan.backups).toEqual([expect.objectContaining({ name: 'sauvegarde-2025-01-01-10h00-00.db' })])
    const rows = (table: string, action: string) =>
      plan.tables.filter(
        (t: { table: string; action: string }) => t.table === table && t.action === action,
      )[0]?.rows
    expect(rows('children', 'anonymiser')).toBe(scope.children.length)
    expect(rows('messages', 'anonymiser')).toBe(scope.children.length)
    expect(rows('kitchen_orders', 'anonymiser')).toBe(scope.children.length)
    expect(rows('request_items', 'anonymiser')).toBe(scope.children.length)
    expect(rows('attendance_marks', 'anonymiser')).toBe(scope.children.length)
    expect(rows('guardians', 'anonymiser')).toBeGreaterThanOrEqual(10)
    expect(plan.tables.find((t: { label: string }) => t.label.includes('citent'))?.rows).toBe(1)
    const shown = await run('retention', 'plan')
    expect(shown.code).toBe(0)
    expect(shown.out).toContain('Familles dont aucun enfant ne reste : 10 à anonymiser')
    for (const output of [planned.out, planned.err, shown.out, shown.err])
      for (const needle of needles) expect(inFile(output, needle), `plan output: ${needle}`).toBe(false)

    // The data changes after the plan: the plan is refused, nothing is done, no copy taken.
    const sqlite = open()
    sqlite
      .prepare("UPDATE children SET school = 'Autre école', version = version + 1 WHERE id = ?")
      .run(scope.lone)
    sqlite.close()
    const backupsBefore = readdirSync(join(dir, 'backups')).length
    const stale = await run('retention', 'apply', '--plan-id', String(shown.out.match(/n° (\d+)/)?.[1]))
    expect(stale.code).toBe(1)
    expect(stale.err).toMatch(/Les données ont changé depuis le plan n° \d+ .*Préparez un nouveau plan/)
    expect(readdirSync(join(dir, 'backups')).length).toBe(backupsBefore)
    const check = open(true)
    expect(check.prepare('SELECT count(*) FROM children WHERE anonymised_at IS NOT NULL').pluck().get()).toBe(
      0,
    )
    check.close()

    // A fresh plan applies: one backup first, then everything.
    const fresh = JSON.parse((await run('retention', 'plan', '--json')).out)
    const applied = await run('retention', 'apply', '--plan-id', String(fresh.id))
    expect(applied.code, applied.err).toBe(0)
    expect(applied.out).toContain(`${scope.children.length} enfant(s) et 10 famille(s) anonymisés`)
    for (const needle of needles) expect(inFile(applied.out + applied.err, needle), needle).toBe(false)
    const backups = readdirSync(join(dir, 'backups'))
    expect(backups.filter((b) => b.startsWith('marelle-avant-conservation-'))).toHaveLength(1)
    expect(backups).not.toContain('sauvegarde-2025-01-01-10h00-00.db')
    const again = await run('retention', 'apply', '--plan-id', String(fresh.id))
    expect(again.code).toBe(1)
    expect(again.err).toMatch(/a déjà été appliqué/)

    // The file itself: no name, e-mail, phone, address or health label of theirs, anywhere.
    const after = fileText()
    const left = needles.filter((n) => inFile(after, n))
    expect(left).toEqual([])
  }, 180_000)

  it('kept what statistics need and scrubbed every copy', () => {
    const sqlite = open(true)
    const count = (q: string) => sqlite.prepare(q).pluck().get() as number
    expect(count('SELECT count(*) FROM enrolments')).toBe(before.enrolments)
    expect(count('SELECT count(*) FROM attendance_marks')).toBe(before.marks)
    expect(count('SELECT count(*) FROM agenda_exceptions')).toBe(before.exceptions)
    expect(count('SELECT coalesce(sum(total_cents), 0) FROM invoices')).toBe(before.invoiced)
    expect(count('SELECT count(*) FROM invoice_lines')).toBe(before.lines)
    const children = sqlite
      .prepare(
        `SELECT id, birth_year, birth_date, last_name, anonymised_at FROM children WHERE id IN (${list(scope.children)})`,
      )
      .all() as {
      id: number
      birth_year: number
      birth_date: string | null
      last_name: string
      anonymised_at: string
    }[]
    for (const c of children) {
      expect(c.birth_year).toBe(births.get(c.id))
      expect(c.birth_date).toBeNull()
      expect(c.anonymised_at).not.toBeNull()
    }
    expect(
      sqlite
        .prepare(
          `SELECT postal_code, city FROM guardians WHERE family_id IN (${list(scope.families)}) ORDER BY id`,
        )
        .all(),
    ).toEqual(places)
    for (const table of ['authorized_persons', 'vaccinations', 'health_conditions'])
      expect(count(`SELECT count(*) FROM ${table} WHERE child_id IN (${list(scope.children)})`), table).toBe(
        0,
      )
    // The family that keeps a child is not anonymised; the lone child is.
    const loneFamily = count(`SELECT family_id FROM children WHERE id = ${scope.lone}`)
    expect(count(`SELECT anonymised_at IS NULL FROM families WHERE id = ${loneFamily}`)).toBe(1)
    // Meal orders keep the entry and the total, without name or allergens.
    for (const row of sqlite.prepare('SELECT children FROM kitchen_orders').pluck().all() as string[])
      for (const entry of JSON.parse(row) as { id: number; name: string; allergens: string[] }[])
        if (scope.children.includes(entry.id))
          expect(entry).toMatchObject({ name: 'Enfant anonymisé', allergens: [] })
    // Out of the search indexes.
    expect(count(`SELECT count(*) FROM child_search_order WHERE child_id IN (${list(scope.children)})`)).toBe(
      0,
    )
    expect(
      count(`SELECT count(*) FROM family_search_order WHERE family_id IN (${list(scope.families)})`),
    ).toBe(0)
    expect(
      sqlite.prepare("SELECT note FROM audit_log WHERE entity_type = 'health-access'").pluck().all(),
    ).toEqual([null])
    // Old entries gone, by their own period.
    expect(count("SELECT count(*) FROM audit_log WHERE at < '2020-01-01'")).toBe(0)
    expect(
      count("SELECT count(*) FROM audit_log WHERE action = 'child.health.view' AND at < '2025-06-01'"),
    ).toBe(0)
    sqlite.close()
  })

  it('audits the application as one entry without names', () => {
    const sqlite = open(true)
    const entries = sqlite.prepare("SELECT * FROM audit_log WHERE action LIKE 'retention.%'").all() as {
      entity_type: string
      changes: string | null
      note: string
    }[]
    sqlite.close()
    expect(entries).toHaveLength(1)
    expect(entries[0]).toMatchObject({ entity_type: 'retention_plan', changes: null })
    expect(entries[0].note).toContain(`${scope.children.length} enfant(s) et 10 famille(s) anonymisés`)
    for (const needle of needles) expect(inFile(entries[0].note, needle), needle).toBe(false)
  })

  it('refuses to bring an anonymised family back from the CSV export taken before', async () => {
    const result = await run('import', 'families', join(dir, 'avant.zip'), '--dry-run')
    expect(result.code).toBe(1)
    expect(result.err).toMatch(/familles\.csv.*ligne \d+|ligne \d+.*familles\.csv/i)
    expect(result.err).toContain('a été anonymisée le')
    expect(result.err).toContain('ne peut pas être réimportée')
    expect(result.err).toMatch(/l’enfant \d+ a été anonymisé le/)
    const sqlite = open(true)
    expect(
      sqlite
        .prepare(
          'SELECT count(*) FROM families WHERE anonymised_at IS NULL AND id IN (' +
            list(scope.families) +
            ')',
        )
        .pluck()
        .get(),
    ).toBe(0)
    sqlite.close()
    // An export taken after retention leaves the anonymised records out, and imports again as it is.
    const after = join(dir, 'apres.zip')
    expect((await run('export', 'families', '--out', after)).code).toBe(0)
    const again = await run('import', 'families', after, '--dry-run')
    expect(again.code, again.err).toBe(0)
    expect(again.out).toContain('rien n’a été écrit')
    expect(existsSync(dbPath)).toBe(true)
  })
})
