import { mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { parseChanges } from '../../src-main/backend/audit/changes'
import { loadActor } from '../../src-main/backend/auth/actor'
import { REFUSED } from '../../src-main/backend/db/storage/sqlite/job-lock'
import { createTestBackend, signedInAdmin, type TestBackend } from '../helpers/backend'
import { type AuditRow, signedInAs } from '../helpers/families'
import { countsOf, exportTo, importFiles, writeCsv } from '../helpers/family-csv'
import { syntheticSet, writeSyntheticFiles } from '../helpers/synthetic-family-files'

let backend: TestBackend

/** The rows of a query, through kysely: the same on the file and on a PostgreSQL server (the suite's two modes). */
async function rowsOf(of: TestBackend, text: string): Promise<Record<string, unknown>[]> {
  return (await sql.raw<Record<string, unknown>>(text).execute(of.services.db)).rows
}

/** The audit log in id order, as tests/helpers/families.ts gives it, on both engines. */
async function auditRows(of: TestBackend): Promise<AuditRow[]> {
  return (await rowsOf(of, 'SELECT * FROM audit_log ORDER BY id')) as AuditRow[]
}
let dir: string
beforeEach(() => {
  backend = createTestBackend()
  dir = mkdtempSync(join(tmpdir(), 'marelle-import-'))
})
afterEach(async () => {
  await backend.dispose()
  rmSync(dir, { recursive: true, force: true })
})

const FAMILY = ['N° famille', 'Organisme', 'QF', 'QF du']
const GUARDIAN = [
  'N° famille',
  'Rôle',
  'Civilité',
  'Nom',
  'Prénom',
  'Mobile',
  'Email',
  'Code postal',
  'Ville',
]
const CHILD = ['Identifiant', 'N° famille', 'Nom', 'Prénom', 'Sexe', 'Date de naissance', 'PAI']

/** The seed's family: responsable, conjoint, one child, a vaccination and an authorised person. */
function seedFiles() {
  return [
    writeCsv(dir, 'familles.csv', [FAMILY, ['383304832264', 'CAF', '450', '01/01/2026']]),
    writeCsv(dir, 'responsables.csv', [
      GUARDIAN,
      [
        '383304832264',
        'Responsable',
        'Monsieur',
        'TEST',
        'TEST',
        '06 12 34 56 78',
        'adressereceptionfact@ci.com',
        '38330',
        'BIVIERS',
      ],
      ['383304832264', 'Conjoint', 'Madame', 'TEST', 'Marie', '+33 6 11 22 33 44', '', '38330', 'BIVIERS'],
    ]),
    writeCsv(dir, 'enfants.csv', [
      CHILD,
      ['383306398666', '383304832264', 'TEST', 'ENFANT', 'Garçon', '2014-05-02', 'Non'],
    ]),
    writeCsv(dir, 'vaccinations.csv', [
      ['Identifiant enfant', 'Vaccin', 'Date', 'Date de rappel'],
      ['383306398666', 'Pentacoq', '12/06/2014', '01/07/2017'],
    ]),
    writeCsv(dir, 'personnes_autorisees.csv', [
      ['Identifiant enfant', 'Nom', 'Prénom', 'Lien de parenté', 'Mobile', "Peut récupérer l'enfant"],
      ['383306398666', 'TEST', 'Mamie', 'Grand-mère', '0698765432', 'O'],
    ]),
  ]
}

/** A staff member whose role may not see health data (the default settings). */
async function agentActor() {
  const agent = await signedInAs(backend, await signedInAdmin(backend), 'agent')
  return (await loadActor(backend.services.db, agent.staffId!))!
}

const versions = async () =>
  (
    await rowsOf(
      backend,
      `SELECT 'f' || id || ':' || version AS v FROM families UNION ALL SELECT 'g' || id || ':' || version FROM guardians
     UNION ALL SELECT 'c' || id || ':' || version FROM children UNION ALL SELECT 'p' || id || ':' || version FROM authorized_persons
     UNION ALL SELECT 'v' || id || ':' || version FROM vaccinations`,
    )
  ).map((r) => r.v)

describe('importing family files', () => {
  it('refuses a second import while one is being written, in French, and writes the first whole', async () => {
    const [a, b] = ['a', 'b'].map((name, i) => {
      const folder = join(dir, name)
      mkdirSync(folder)
      return writeSyntheticFiles(syntheticSet(200, i * 1000), folder)
    })
    const results = await Promise.allSettled([importFiles(backend, a), importFiles(backend, b)])
    // Which one takes the lock first is the engine's business (a server's connections open in parallel).
    const done = results.filter((r) => r.status === 'fulfilled')
    const refused = results.filter((r) => r.status === 'rejected')
    expect(done.map((r) => (r as PromiseFulfilledResult<{ written: boolean }>).value.written)).toEqual([true])
    expect(refused.map((r) => (r as PromiseRejectedResult).reason.message)).toEqual([REFUSED.import])
    expect((await rowsOf(backend, 'SELECT count(*) AS n FROM families'))[0].n).toBe(200)
  })

  it('adds what is new with one audit entry per record, and importing again changes nothing', async () => {
    const report = await importFiles(backend, seedFiles())
    expect(report.problems).toEqual([])
    expect(report.written).toBe(true)
    expect(countsOf(report)).toMatchObject({
      familles: [1, 0, 0],
      responsables: [2, 0, 0],
      enfants: [1, 0, 0],
      personnesAutorisees: [1, 0, 0],
      vaccinations: [1, 0, 0],
    })
    expect(report.files.map((f) => [f.name, f.encoding, f.separator])).toContainEqual([
      'familles.csv',
      'UTF-8',
      'point-virgule',
    ])
    const guardians = await rowsOf(
      backend,
      'SELECT role, mobile_phone, first_name FROM guardians ORDER BY role DESC',
    )
    expect(guardians).toEqual([
      { role: 'responsable', mobile_phone: '0612345678', first_name: 'TEST' },
      { role: 'conjoint', mobile_phone: '0611223344', first_name: 'Marie' },
    ])
    expect(await rowsOf(backend, 'SELECT qf, valid_from FROM family_quotients')).toEqual([
      { qf: 450, valid_from: '2026-01-01' },
    ])
    expect(
      await rowsOf(backend, 'SELECT product_id IS NOT NULL AS known, booster_on FROM vaccinations'),
    ).toEqual([{ known: 1, booster_on: '2017-07-01' }])
    const audit = await auditRows(backend)
    expect(audit.map((a) => a.action).sort()).toEqual([
      'authorized_person.create',
      'child.create',
      'csv.import',
      'family.create',
      'family.quotient',
      'guardian.create',
      'guardian.create',
      'vaccination.create',
    ])
    const child = audit.find((a) => a.action === 'child.create')!
    expect(child.child_id).not.toBeNull()
    expect(child.family_id).not.toBeNull()
    expect(parseChanges('child', child.changes)).toContainEqual({
      field: 'prenom',
      label: 'Prénom',
      before: null,
      after: 'ENFANT',
    })
    const notes = (
      await rowsOf(backend, 'SELECT note FROM audit_log GROUP BY note ORDER BY length(note)')
    ).map((r) => r.note)
    expect(notes).toHaveLength(2)
    expect(notes[0]).toMatch(/^Import CSV [0-9a-f]{8}$/)
    expect(notes[1]).toBe(
      `${notes[0]} : familles.csv, responsables.csv, enfants.csv, personnes_autorisees.csv, vaccinations.csv`,
    )

    const before = await versions()
    const again = await importFiles(backend, seedFiles())
    expect(again).toMatchObject({ written: false, problemCount: 0, canImport: false })
    expect(countsOf(again)).toMatchObject({
      familles: [0, 0, 1],
      responsables: [0, 0, 2],
      vaccinations: [0, 0, 1],
    })
    expect(await auditRows(backend)).toHaveLength(audit.length)
    expect(await versions()).toEqual(before)
  })

  it('changes only the fields a file gives, with before and after in the audit, and bumps versions', async () => {
    await importFiles(backend, seedFiles())
    const path = writeCsv(dir, 'responsables.csv', [
      ['N° famille', 'Rôle', 'Email', 'Mobile'],
      ['383304832264', 'Responsable', 'Nouvelle@Exemple.FR', '0612345678'],
    ])
    const report = await importFiles(backend, [path])
    expect(countsOf(report).responsables).toEqual([0, 1, 0])
    const row = (
      await rowsOf(backend, "SELECT email, city, version FROM guardians WHERE role = 'responsable'")
    )[0]
    expect(row).toEqual({ email: 'nouvelle@exemple.fr', city: 'BIVIERS', version: 2 })
    const entry = (await auditRows(backend)).at(-1)!
    expect(entry.action).toBe('guardian.update')
    expect(JSON.parse(entry.changes!)).toEqual([
      { field: 'email', label: 'Email', before: 'adressereceptionfact@ci.com', after: 'nouvelle@exemple.fr' },
    ])
  })

  it('reads Windows-1252 files with their accents, and says so', async () => {
    const path = writeCsv(
      dir,
      'responsables.csv',
      [
        GUARDIAN,
        ['383304832264', 'Responsable', 'Madame', 'Lefèvre-Noël', 'Hélène', '', '', '38330', 'Saint-Ismier'],
      ],
      'windows-1252',
    )
    const report = await importFiles(backend, [path])
    expect(report.files[0]).toMatchObject({ encoding: 'Windows-1252', separator: 'point-virgule' })
    expect(await rowsOf(backend, 'SELECT last_name, first_name FROM guardians')).toEqual([
      { last_name: 'Lefèvre-Noël', first_name: 'Hélène' },
    ])
  })

  it('refuses the whole set for one bad cell, naming file, line and column, and writes nothing', async () => {
    const [families, guardians] = seedFiles()
    const children = writeCsv(dir, 'enfants.csv', [
      CHILD,
      ['383306398666', '383304832264', 'TEST', 'ENFANT', 'Garçon', '31/02/2014', 'Peut-être'],
    ])
    const report = await importFiles(backend, [families, guardians, children])
    expect(report.written).toBe(false)
    expect(report.problems).toEqual([
      {
        file: 'enfants.csv',
        line: 2,
        column: 'Date de naissance',
        message: '« 31/02/2014 » : date invalide (jj/mm/aaaa).',
      },
      {
        file: 'enfants.csv',
        line: 2,
        column: 'PAI',
        message: '« Peut-être » : valeur attendue : Oui ou Non.',
      },
    ])
    expect((await rowsOf(backend, 'SELECT count(*) AS n FROM families'))[0].n).toBe(0)
    expect(await auditRows(backend)).toEqual([])
  })

  it('reports a quote left open at the line where it opened, and writes nothing', async () => {
    const [families, guardians] = seedFiles()
    const path = join(dir, 'enfants.csv')
    writeFileSync(
      path,
      `${CHILD.join(';')}\r\n383306398666;383304832264;TEST;"ENFANT;Garçon;2014-05-02;Non\r\n383306398667;383304832264;TEST;Léa;Fille;2016-01-01;Non\r\n`,
    )
    const report = await importFiles(backend, [families, guardians, path])
    expect(report.problems).toContainEqual(expect.objectContaining({ file: 'enfants.csv', line: 2 }))
    expect(report.problems.find((p) => p.file === 'enfants.csv')!.message).toMatch(/guillemet/)
    expect(report.written).toBe(false)
    expect((await rowsOf(backend, 'SELECT count(*) AS n FROM families'))[0].n).toBe(0)
  })

  it('reports inconsistencies instead of guessing', async () => {
    await importFiles(backend, seedFiles())
    const guardians = writeCsv(dir, 'responsables.csv', [
      GUARDIAN,
      // The seed's own second number for the same family.
      [
        '383304932264',
        'Responsable',
        'Monsieur',
        'TEST',
        'TEST',
        '0612345678',
        'adressereceptionfact@ci.com',
        '38330',
        'BIVIERS',
      ],
      ['100000000001', 'Responsable', '', 'Dupont', 'Jean', '', '', '', ''],
      ['100000000001', 'Responsable', '', 'Martin', 'Paul', '', '', '', ''],
    ])
    const children = writeCsv(dir, 'enfants.csv', [
      CHILD,
      ['383306398666', '100000000001', 'TEST', 'ENFANT', '', '', ''],
      ['500000000001', '999999999999', 'Inconnu', 'Léo', '', '', ''],
    ])
    const vaccinations = writeCsv(dir, 'vaccinations.csv', [
      ['Identifiant enfant', 'Vaccin', 'Date'],
      ['777777777777', 'Priorix', '01/02/2020'],
    ])
    const report = await importFiles(backend, [guardians, children, vaccinations])
    const where = report.problems.map((p) => `${p.file}:${p.line}:${p.column}`)
    expect(where).toEqual([
      'responsables.csv:2:N° famille',
      'responsables.csv:4:Nom',
      'enfants.csv:2:N° famille',
      'enfants.csv:3:N° famille',
      'vaccinations.csv:2:Identifiant enfant',
    ])
    const messages = report.problems.map((p) => p.message)
    expect(messages[0]).toContain('déjà celui de la famille 383304832264')
    expect(messages[1]).toContain('« Dupont Jean »')
    expect(messages[1]).toContain('« Martin Paul »')
    expect(messages[2]).toContain('appartient à la famille 383304832264')
    expect(messages[3]).toContain('ni dans Marelle ni dans les fichiers importés')
    expect(messages[4]).toContain('enfant 777777777777 inconnu')
    expect(report.written).toBe(false)
  })

  it('proposes the known family or child one digit away from an unknown number', async () => {
    await importFiles(backend, seedFiles())
    const children = writeCsv(dir, 'enfants.csv', [
      CHILD,
      ['500000000001', '383304932264', 'TEST', 'Léo', '', '', ''],
    ])
    const vaccinations = writeCsv(dir, 'vaccinations.csv', [
      ['Identifiant enfant', 'Vaccin', 'Date'],
      ['383306398676', 'Priorix', '01/02/2020'],
      ['111111111111', 'Priorix', '01/02/2020'],
    ])
    const report = await importFiles(backend, [children, vaccinations])
    expect(report.problems.map((p) => `${p.column} : ${p.message}`)).toEqual([
      'N° famille : famille 383304932264 inconnue : elle n’est ni dans Marelle ni dans les fichiers importés ; vouliez-vous dire 383304832264 (TEST TEST) ?',
      'Identifiant enfant : enfant 383306398676 inconnu : il n’est ni dans Marelle ni dans enfants.csv ; vouliez-vous dire 383306398666 (TEST ENFANT) ?',
      'Identifiant enfant : enfant 111111111111 inconnu : il n’est ni dans Marelle ni dans enfants.csv.',
    ])
  })

  it('refuses a different person under a known number, a new family without responsable, a missing key column', async () => {
    await importFiles(backend, seedFiles())
    const guardians = writeCsv(dir, 'responsables.csv', [
      ['N° famille', 'Rôle', 'Nom', 'Prénom'],
      ['383304832264', 'Responsable', 'Durand', 'Paul'],
      ['200000000001', 'Conjoint', 'Seule', 'Anne'],
    ])
    const persons = writeCsv(dir, 'personnes_autorisees.csv', [
      ['Identifiant enfant', 'Nom', 'Lien de parenté'],
      ['383306398666', 'Voisin', 'Voisin(e)'],
    ])
    const report = await importFiles(backend, [guardians, persons])
    expect(report.problems.map((p) => [p.file, p.line, p.column ?? null])).toEqual([
      ['responsables.csv', 2, 'Nom'],
      ['responsables.csv', 3, 'Rôle'],
      ['personnes_autorisees.csv', 1, null],
    ])
    expect(report.problems[2].message).toBe(
      'colonne « Prénom » absente : elle est nécessaire pour retrouver chaque ligne dans Marelle.',
    )
  })

  it('keeps the QF history: a new period closes the open one, the same period is corrected', async () => {
    await importFiles(backend, [
      writeCsv(dir, 'responsables.csv', [
        ['N° famille', 'Rôle', 'Nom'],
        ['1', 'Responsable', 'A'],
      ]),
    ])
    const qf = (rows: string[][]) =>
      importFiles(backend, [writeCsv(dir, 'familles.csv', [['N° famille', 'QF', 'QF du', 'QF au'], ...rows])])
    await qf([['1', '400', '01/01/2025', '']])
    await qf([['1', '500', '01/01/2026', '']])
    const corrected = await qf([['1', '520', '01/01/2026', '31/12/2026']])
    expect(countsOf(corrected).familles).toEqual([0, 1, 0])
    expect(
      await rowsOf(backend, 'SELECT qf, valid_from, valid_to FROM family_quotients ORDER BY valid_from'),
    ).toEqual([
      { qf: 400, valid_from: '2025-01-01', valid_to: '2025-12-31' },
      { qf: 520, valid_from: '2026-01-01', valid_to: '2026-12-31' },
    ])
    const bad = await qf([['1', '520', '', '']])
    expect(bad.problems[0]).toMatchObject({ line: 2, column: 'QF du' })
  })

  it('applies the child services’ rules: no vaccination in the future, allergen only for an allergy', async () => {
    await importFiles(backend, seedFiles())
    const vaccinations = writeCsv(dir, 'vaccinations.csv', [
      ['Identifiant enfant', 'Vaccin', 'Date', 'Date de rappel'],
      ['383306398666', 'Priorix', '01/01/2030', ''],
      ['383306398666', 'Priorix', '01/01/2020', '01/01/2019'],
    ])
    const health = writeCsv(dir, 'sante.csv', [
      ['Identifiant enfant', 'Type', 'Libellé', 'Allergène'],
      ['383306398666', 'Maladie', 'Asthme', 'Arachides'],
      ['383306398666', 'Allergie', 'Arachide', 'arachides'],
    ])
    const report = await importFiles(backend, [vaccinations, health])
    expect(report.problems.map((p) => `${p.file}:${p.line}:${p.column}`)).toEqual([
      'vaccinations.csv:2:Date',
      'vaccinations.csv:3:Date de rappel',
      'sante.csv:2:Allergène',
    ])
  })

  it('reads a prohibition and the remarks, never lifts a prohibition, never lets a forbidden person pick up', async () => {
    await importFiles(backend, seedFiles())
    const header = [
      'Identifiant enfant',
      'Nom',
      'Prénom',
      'Lien de parenté',
      "Peut récupérer l'enfant",
      "Interdit de récupérer l'enfant",
      'Remarques',
    ]
    const added = writeCsv(dir, 'personnes_autorisees.csv', [
      header.filter((c) => !c.startsWith('Peut')),
      ['383306398666', 'VOISNE', 'Paul', 'Père', 'Oui', 'Décision du juge du 02/03/2024'],
    ])
    const first = await importFiles(backend, [added])
    expect(first.problems).toEqual([])
    const person = async () =>
      await rowsOf(
        backend,
        "SELECT can_pick_up, pickup_forbidden, notes FROM authorized_persons WHERE last_name = 'VOISNE'",
      )
    expect(await person()).toEqual([
      { can_pick_up: 0, pickup_forbidden: 1, notes: 'Décision du juge du 02/03/2024' },
    ])

    const lifted = writeCsv(dir, 'personnes_autorisees.csv', [
      header,
      ['383306398666', 'VOISNE', 'Paul', 'Père', 'Oui', 'Non', ''],
      ['383306398666', 'Voisine', 'Anne', 'Voisin(e)', 'Oui', 'Oui', ''],
    ])
    const report = await importFiles(backend, [lifted])
    expect(report.problems.map((p) => `${p.line}:${p.column}:${p.message}`)).toEqual([
      expect.stringMatching(/^2:Interdit de récupérer l'enfant:.*ne lève pas une interdiction/),
      expect.stringMatching(/^3:Peut récupérer l'enfant:.*interdite de récupérer.*« Non »/),
    ])
    expect(report.written).toBe(false)
    expect(await person()).toEqual([
      { can_pick_up: 0, pickup_forbidden: 1, notes: 'Décision du juge du 02/03/2024' },
    ])
  })

  it('refuses health files and columns to a role that may not see health data', async () => {
    const actor = await agentActor()
    const [families, guardians, children, vaccinations] = seedFiles()
    const report = await importFiles(backend, [families, guardians, children, vaccinations], { actor })
    expect(report.problems.map((p) => `${p.file}:${p.column ?? ''}`)).toEqual([
      'enfants.csv:PAI',
      'vaccinations.csv:',
    ])
    expect(report.problems[1].message).toMatch(/données de santé/)
  })

  it('reports unknown, duplicate and missing headers, empty and oversized files', async () => {
    const unknown = writeCsv(dir, 'familles.csv', [
      ['N° famille', 'Organisme', 'Couleur préférée'],
      ['1', 'CAF', 'bleu'],
    ])
    const duplicate = writeCsv(dir, 'enfants.csv', [
      ['Identifiant', 'Nom', 'NOM'],
      ['1', 'A', 'B'],
    ])
    const empty = join(dir, 'sante.csv')
    writeFileSync(empty, '')
    const huge = join(dir, 'vaccinations.csv')
    writeFileSync(huge, '')
    truncateSync(huge, 129 * 1024 * 1024)
    const report = await importFiles(backend, [unknown, duplicate, empty, huge])
    const byFile = Object.fromEntries(report.problems.toReversed().map((p) => [p.file, p]))
    expect(byFile['familles.csv']).toMatchObject({ line: 1, columnNumber: 3 })
    expect(byFile['familles.csv'].message).toContain('colonne inconnue « Couleur préférée »')
    expect(byFile['enfants.csv']).toMatchObject({
      line: 1,
      column: 'Nom',
      message: 'colonne en double (colonnes 2 et 3).',
    })
    expect(byFile['sante.csv'].message).toBe('fichier vide.')
    expect(byFile['vaccinations.csv'].message).toBe('fichier trop gros (plus de 128 Mo).')
  })

  it('reports a file cut short: its last line lacks cells, nothing is written', async () => {
    const [families, guardians] = seedFiles()
    const path = join(dir, 'enfants.csv')
    writeFileSync(
      path,
      `${CHILD.join(';')}\r\n383306398666;383304832264;TEST;ENFANT;Garçon;2014-05-02;Non\r\n383306398667;383304832264;TE`,
    )
    const report = await importFiles(backend, [families, guardians, path])
    expect(report.problems).toEqual([
      {
        file: 'enfants.csv',
        line: 3,
        column: 'Prénom',
        message: 'ligne incomplète : 3 cellules au lieu de 7.',
      },
    ])
    expect(report.written).toBe(false)
    expect((await rowsOf(backend, 'SELECT count(*) AS n FROM children'))[0].n).toBe(0)
  })

  it('states the cell limit: a 10 MB cell is refused with its line', async () => {
    const path = join(dir, 'sante.csv')
    writeFileSync(
      path,
      `Identifiant enfant;Type;Libellé;Détails\r\n1;Maladie;Asthme;"${'x'.repeat(10 * 1024 * 1024)}"\r\n`,
    )
    const report = await importFiles(backend, [path])
    expect(report.problems).toHaveLength(1)
    expect(report.problems[0]).toMatchObject({ file: 'sante.csv', line: 2 })
    expect(report.problems[0].message).toMatch(/cellule/)
  })
})

describe('exporting family files', () => {
  it('refuses a folder that already holds files, and an existing .zip, writing nothing', async () => {
    await importFiles(backend, seedFiles())
    await expect(exportTo(backend, dir)).rejects.toThrow(/n’est pas vide/)
    const zip = join(dir, 'export.zip')
    writeFileSync(zip, 'x')
    await expect(exportTo(backend, zip)).rejects.toThrow(/existe déjà/)
  })

  it('exports the families of the list: those ticked, or those a search finds', async () => {
    await importFiles(backend, seedFiles())
    await importFiles(backend, [
      writeCsv(dir, 'responsables.csv', [
        ['N° famille', 'Rôle', 'Nom', 'Prénom'],
        ['100000000001', 'Responsable', 'Lefèvre', 'Hélène'],
      ]),
    ])
    const ids = (await rowsOf(backend, 'SELECT id FROM families ORDER BY number')).map((r) => r.id as number)
    const ticked = await exportTo(backend, join(dir, 'coches.zip'), { kind: 'families', ids: [ids[0]] })
    expect(ticked.files.map((f) => f.rows)).toEqual([1, 1, 0, 0, 0, 0])
    const found = await exportTo(backend, join(dir, 'recherche.zip'), { kind: 'search', query: 'lefevre' })
    expect(found.files.map((f) => f.rows)).toEqual([1, 1, 0, 0, 0, 0])
    const everyone = await exportTo(backend, join(dir, 'vide.zip'), { kind: 'search', query: ' ' })
    expect(everyone.families).toBe(2)
  })

  it('leaves health data out for a role that may not see it', async () => {
    await importFiles(backend, seedFiles())
    const actor = await agentActor()
    const result = await exportTo(backend, join(dir, 'agent'), { kind: 'all' }, actor)
    expect(result.healthOmitted).toBe(true)
    expect(result.files.map((f) => f.name)).toEqual([
      'familles.csv',
      'responsables.csv',
      'enfants.csv',
      'personnes_autorisees.csv',
    ])
  })
})

describe('importing another software’s file', () => {
  const headers = [
    'Code famille',
    'Nom du père',
    'Prénom du père',
    'Tel portable',
    'Code Postal',
    'Nom de la mère',
    'Prénom mère',
    'N° enfant',
    "Nom de l'enfant",
    "Prénom de l'enfant",
    'Date naiss.',
    'Remarque',
  ]
  const rows = [
    [
      '700000000001',
      'Dupont',
      'Jean',
      '06 12 34 56 78',
      '38330',
      'Dupont',
      'Léa',
      '800000000001',
      'Dupont',
      'Zoé',
      '03/07/2015',
      'x',
    ],
    [
      '700000000001',
      'Dupont',
      'Jean',
      '06 12 34 56 78',
      '38330',
      'Dupont',
      'Léa',
      '800000000002',
      'Dupont',
      'Hugo',
      '2017-09-01',
      '',
    ],
    [
      '700000000002',
      'Martin',
      'Paul',
      '',
      '38000',
      '',
      '',
      '800000000003',
      'Martin',
      'Inès',
      '01/01/2016',
      '',
    ],
  ]

  it('proposes a mapping, imports once staff confirm it, and proposes the saved one next time', async () => {
    const path = writeCsv(dir, 'export-logiciel.csv', [headers, ...rows], 'windows-1252')
    const proposed = await importFiles(backend, [path])
    expect(proposed.written).toBe(false)
    expect(proposed.foreign[0]).toMatchObject({ name: 'export-logiciel.csv', saved: false, confirmed: false })
    expect(proposed.foreign[0].proposal).toEqual([
      'famille:N° famille',
      'responsable:Nom',
      'responsable:Prénom',
      'responsable:Mobile',
      'responsable:Code postal',
      'conjoint:Nom',
      'conjoint:Prénom',
      'enfant:Identifiant',
      'enfant:Nom',
      'enfant:Prénom',
      'enfant:Date de naissance',
      null,
    ])
    expect(proposed.problems.map((p) => p.message)).toEqual([expect.stringContaining('validez-la')])
    expect(countsOf(proposed)).toMatchObject({
      familles: [2, 0, 0],
      responsables: [3, 0, 0],
      enfants: [3, 0, 0],
    })

    const mapping = { 'export-logiciel.csv': proposed.foreign[0].proposal }
    const imported = await importFiles(backend, [path], { mappings: mapping })
    expect(imported.problems).toEqual([])
    expect(imported.written).toBe(true)
    expect(
      await rowsOf(
        backend,
        'SELECT f.number, g.role, g.first_name, g.mobile_phone FROM guardians g JOIN families f ON f.id = g.family_id ORDER BY f.number, g.role DESC',
      ),
    ).toEqual([
      { number: '700000000001', role: 'responsable', first_name: 'Jean', mobile_phone: '0612345678' },
      { number: '700000000001', role: 'conjoint', first_name: 'Léa', mobile_phone: null },
      { number: '700000000002', role: 'responsable', first_name: 'Paul', mobile_phone: null },
    ])
    expect(
      await rowsOf(backend, 'SELECT identifier, first_name, birth_date FROM children ORDER BY identifier'),
    ).toEqual([
      { identifier: '800000000001', first_name: 'Zoé', birth_date: '2015-07-03' },
      { identifier: '800000000002', first_name: 'Hugo', birth_date: '2017-09-01' },
      { identifier: '800000000003', first_name: 'Inès', birth_date: '2016-01-01' },
    ])

    // Same software, columns in another order: the saved mapping is proposed and in force.
    const reordered = [headers.toReversed(), ...rows.map((r) => r.toReversed())]
    const next = await importFiles(backend, [writeCsv(dir, 'export-2.csv', reordered)])
    expect(next.foreign[0]).toMatchObject({ saved: true, confirmed: true })
    expect(next.foreign[0].proposal).toEqual(proposed.foreign[0].proposal.toReversed())
    expect(next.problems).toEqual([])
    expect(countsOf(next)).toMatchObject({ responsables: [0, 0, 3], enfants: [0, 0, 3] })
  })

  it('reports the rows of one family that disagree, naming the foreign file’s columns', async () => {
    const path = writeCsv(dir, 'export-logiciel.csv', [
      headers,
      rows[0],
      [
        '700000000001',
        'Durand',
        'Marc',
        '',
        '38330',
        '',
        '',
        '800000000002',
        'Dupont',
        'Hugo',
        '01/09/2017',
        '',
      ],
    ])
    const report = await importFiles(backend, [path], {
      mappings: { 'export-logiciel.csv': [...(await importFiles(backend, [path])).foreign[0].proposal] },
    })
    expect(report.problems).toEqual([
      {
        file: 'export-logiciel.csv',
        line: 3,
        column: 'Nom du père',
        message:
          'la famille 700000000001 a deux responsables différents : « Dupont Jean » (ligne 2) et « Durand Marc ». Vérifiez le N° famille.',
      },
    ])
  })
})

describe('a large set', () => {
  it('read back by batches of keys: importing it again finds every record unchanged', async () => {
    const paths = writeSyntheticFiles(syntheticSet(5200), dir)
    const first = await importFiles(backend, paths)
    expect(first.problems).toEqual([])
    const again = await importFiles(backend, paths)
    expect(again.problems).toEqual([])
    expect(countsOf(again)).toEqual({
      familles: [0, 0, 5200],
      responsables: [0, 0, 8840],
      enfants: [0, 0, 7800],
      personnesAutorisees: [0, 0, 11700],
      vaccinations: [0, 0, 15600],
      sante: [0, 0, 0],
    })
  }, 300_000)
})
