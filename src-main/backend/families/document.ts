import type { ChildFile } from '@shared/contract/children'
import { type FamilyFile, type GuardianView, withoutFinance } from '@shared/contract/families'
import type { FieldValue, RecordView } from '@shared/contract/records'
import { dayInFrance } from '@shared/format/date'
import { readChildFile } from '../children/read'
import type { StaffContext } from '../context'
import { traceHealthReads } from '../ipc/health-trace'
import { canSeeFinance, canSeeHealth } from '../settings/service'
import { findFamilyId, readFamilyFile } from './read'

// One family as `family show --json` prints it: every field under its
// name in docs/demandes-portail.md (the catalogue's keys), lists named after the CSV files
// (responsables, enfants, personnes_autorisees, vaccinations, sante).

type Values = Record<string, FieldValue>
type Json = Record<string, unknown>

export interface FamilyDocument {
  n_famille: string
  [field: string]: unknown
  responsables: Json[]
  enfants: Json[]
}

const ROLE_NAMES = { responsable: 'Responsable', conjoint: 'Conjoint' } as const

function guardianJson(guardian: GuardianView): Json {
  return { role: ROLE_NAMES[guardian.role], ...guardian.values }
}

const valuesOf = (records: RecordView[]): Values[] => records.map((r) => r.values)

function childJson(child: ChildFile): Json {
  const json: Json = { identifiant: child.identifier, ...child.values }
  json.personnes_autorisees = valuesOf(child.authorizedPersons)
  if (child.health) {
    json.vaccinations = valuesOf(child.health.vaccinations)
    json.sante = valuesOf(child.health.conditions)
  }
  return json
}

function familyJson(family: FamilyFile, children: ChildFile[]): FamilyDocument {
  const quotient = family.currentQuotient
  return {
    n_famille: family.number,
    ...family.values,
    qf: quotient?.qf ?? null,
    qf_du: quotient?.validFrom ?? null,
    qf_au: quotient?.validTo ?? null,
    quotients: family.quotients.map((q) => ({ qf: q.qf, qf_du: q.validFrom, qf_au: q.validTo })),
    responsables: [family.responsable, family.conjoint].filter((g) => g !== null).map(guardianJson),
    enfants: children.map(childJson),
  }
}

export interface ReadDocument {
  family: FamilyFile
  children: ChildFile[]
  document: FamilyDocument
}

/**
 * Reads one family by its N° famille with its children's files. Health data
 * is included only for roles allowed to see it, and each child's opening is
 * then recorded in the audit log, as on screen; bank details and tax figures
 * only for the roles allowed to see them.
 */
export async function readFamilyDocument(
  ctx: StaffContext,
  number: string,
  /** What read it, for the health trace (the access request passes its own). */
  where = 'family show',
): Promise<ReadDocument> {
  const today = dayInFrance(ctx.clock.now())
  const read = await readFamilyFile(ctx.db, await findFamilyId(ctx.db, number), today)
  // Bank details and tax figures only for the roles allowed to see them, as on screen.
  const family = (await canSeeFinance(ctx.db, ctx.actor)) ? read : withoutFinance(read)
  const withHealth = await canSeeHealth(ctx.db, ctx.actor)
  const children = await Promise.all(
    family.children.map((c) => readChildFile(ctx.db, c.id, withHealth, today)),
  )
  // Traced by the one function the dispatcher uses (docs/donnees-de-sante.md).
  if (withHealth)
    await traceHealthReads(
      ctx.db,
      ctx.actor,
      ctx.clock,
      { children: children.map((c) => ({ childId: c.id, familyId: family.id })) },
      where,
    )
  return { family, children, document: familyJson(family, children) }
}
