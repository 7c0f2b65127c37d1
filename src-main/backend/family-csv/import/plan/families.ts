import { FAMILY, GUARDIAN } from '../../../records/entities'
import { anonymisedRefusal } from '../../../retention/identifiers'
import { KEY_COLUMNS } from '../../columns'
import type { DbRow, ExistingQuotient, ResponsableSummary } from '../existing'
import { foldCase, type IncomingFamily, type IncomingGuardian, leadingNumber } from '../incoming'
import { batches, type PlanContext, report, reportNear } from './context'
import { planUpdate } from './diff'
import type { Ref } from './model'
import { planQuotient } from './quotients'

// Families and their responsables: matched on N° famille; a family absent
// from the database is created only with its responsable (the schema and the
// family screens require one), and never when its responsable is already
// that of another family: the seed itself shows one family under two
// numbers, and merging or splitting them is for staff to decide.

/** Registers the families found in Marelle, by number. */
function found(ctx: PlanContext, rows: Map<string, DbRow>): void {
  for (const [number, row] of rows) ctx.families.set(number, { ref: { id: row.id }, exists: true })
}

/** Numbers a guardian or a child names that no family of the files or of Marelle read so far has. */
function numbersNamedElsewhere(ctx: PlanContext): Set<string> {
  const numbers = new Set<string>()
  for (const key of ctx.set.guardians.keys()) numbers.add(leadingNumber(key))
  for (const c of ctx.set.children.values()) if (c.number) numbers.add(c.number)
  for (const number of numbers) if (ctx.families.has(number)) numbers.delete(number)
  return numbers
}

export async function planFamilies(ctx: PlanContext): Promise<void> {
  // The families the files give, a batch at a time, beside their rows in Marelle.
  for (const batch of batches(ctx.set.families.values())) {
    const rows = await ctx.db.families(batch.map((family) => family.number))
    found(ctx, rows)
    const quotients = batch.some((f) => f.quotient)
      ? await ctx.db.quotients([...rows.values()].map((row) => row.id))
      : new Map<number, ExistingQuotient[]>()
    const anonymised = await ctx.db.anonymised(
      'family',
      batch.flatMap((f) => (rows.has(f.number) ? [] : [f.number])),
    )
    for (const family of batch) {
      ctx.tick()
      const row = rows.get(family.number)
      if (row) updateFamily(ctx, family, row, quotients.get(row.id) ?? [])
      else createFamily(ctx, anonymised, family.number, family)
    }
    await ctx.flush()
  }
  // The families named only by a guardian or a child: in Marelle, or created with their responsable.
  for (const batch of batches(numbersNamedElsewhere(ctx))) found(ctx, await ctx.db.families(batch))
  for (const keys of batches(ctx.set.guardians.keys())) {
    const creatable = (number: string) => !ctx.families.has(number) && !ctx.set.families.has(number)
    const numbers = [...new Set(keys.map(leadingNumber))].filter(creatable)
    const anonymised = await ctx.db.anonymised('family', numbers)
    for (const key of keys) {
      const number = leadingNumber(key)
      if (creatable(number)) createFamily(ctx, anonymised, number, undefined, ctx.set.guardians.get(key))
    }
  }
  await ctx.flush()
  // Before any guardian of this import is written: it compares the new
  // responsables with those already in Marelle.
  await checkTwoNumbers(ctx)
  await ctx.flush()
}

function updateFamily(
  ctx: PlanContext,
  family: IncomingFamily,
  row: DbRow,
  history: ExistingQuotient[],
): void {
  const changed = planUpdate(ctx.plan, FAMILY, row, family.values, { familyId: row.id, childId: null })
  const quotientChanged = family.quotient
    ? planQuotient(ctx, { id: row.id }, family.quotient, history)
    : false
  ctx.plan.counts.familles[changed || quotientChanged ? 'changed' : 'unchanged']++
}

function createFamily(
  ctx: PlanContext,
  /** When the numbers of the batch were anonymised, for those that were. */
  anonymisedOn: ReadonlyMap<string, string>,
  number: string,
  family: IncomingFamily | undefined,
  guardian?: IncomingGuardian,
): void {
  const anonymised = anonymisedOn.get(number)
  if (anonymised) {
    const at = family?.origin ?? guardian!.origin
    report(
      ctx,
      at,
      family ? KEY_COLUMNS.familyNumber : KEY_COLUMNS.role,
      anonymisedRefusal('family', number, anonymised),
    )
    return
  }
  if (!ctx.set.guardians.has(`${number}|responsable`)) {
    const at = family?.origin ?? guardian!.origin
    const column = family ? KEY_COLUMNS.familyNumber : KEY_COLUMNS.role
    reportNear(
      ctx,
      at,
      column,
      { kind: 'family', number },
      (near) =>
        `la famille ${number} n’existe pas dans Marelle et le fichier ne donne pas son responsable : ajoutez sa ligne « Responsable » dans responsables.csv, ou vérifiez le N° famille${near || '.'}`,
    )
    return
  }
  const ref: Ref = { id: 0 }
  ctx.families.set(number, { ref, exists: false })
  ctx.plan.inserts.push({
    entity: FAMILY,
    ref,
    parent: null,
    values: family?.values ?? {},
    extra: { number },
    family: ref,
    child: null,
  })
  ctx.plan.counts.familles.added++
  if (family?.quotient) planQuotient(ctx, ref, family.quotient, [])
}

export async function planGuardians(ctx: PlanContext): Promise<void> {
  for (const batch of batches(ctx.set.guardians.values())) {
    const targets = batch.flatMap((g) => ctx.families.get(g.number) ?? [])
    const rows = await ctx.db.guardians(targets.filter((t) => t.exists).map((t) => t.ref.id))
    for (const guardian of batch) {
      ctx.tick()
      planGuardian(ctx, guardian, rows)
    }
    await ctx.flush()
  }
}

function planGuardian(ctx: PlanContext, guardian: IncomingGuardian, rows: Map<string, DbRow>): void {
  const target = ctx.families.get(guardian.number)
  if (!target) return // reported with the family
  const row = target.exists ? rows.get(`${target.ref.id}|${guardian.role}`) : undefined
  const what = guardian.role === 'responsable' ? 'le responsable' : 'le conjoint'
  if (row) {
    const [dbName, dbFirst] = [foldCase(row.last_name), foldCase(row.first_name)]
    const { nom, prenom } = guardian.values
    if (
      nom != null &&
      prenom != null &&
      dbFirst !== '' &&
      foldCase(nom) !== dbName &&
      foldCase(prenom) !== dbFirst
    ) {
      report(
        ctx,
        guardian.origin,
        'Nom',
        `dans Marelle, ${what} de la famille ${guardian.number} est « ${row.last_name} ${row.first_name} », pas « ${nom} ${prenom} » : vérifiez le N° famille (pour changer de personne, modifiez la fiche de la famille).`,
      )
      return
    }
    const changed = planUpdate(ctx.plan, GUARDIAN, row, guardian.values, {
      familyId: target.ref.id,
      childId: null,
    })
    ctx.plan.counts.responsables[changed ? 'changed' : 'unchanged']++
  } else if (guardian.values.nom == null)
    report(ctx, guardian.origin, 'Nom', `obligatoire pour ajouter ${what} de la famille ${guardian.number}.`)
  else {
    ctx.plan.inserts.push({
      entity: GUARDIAN,
      ref: { id: 0 },
      parent: target.ref,
      values: guardian.values,
      extra: { role: guardian.role },
      family: target.ref,
      child: null,
    })
    ctx.plan.counts.responsables.added++
  }
}

/** Keys under which a responsable is "the same person": name and e-mail, or name and mobile. */
function personKeys(nom: unknown, prenom: unknown, email: unknown, mobile: unknown): string[] {
  const name = `${foldCase(nom)}|${foldCase(prenom)}`
  const keys: string[] = []
  if (email) keys.push(`${name}|@${foldCase(email)}`)
  if (mobile) keys.push(`${name}|#${mobile}`)
  return keys
}

/**
 * A new family whose responsable (same name, same e-mail or mobile) is
 * already the responsable of another family, in the database or in the set,
 * is most likely that family under a second number: refused.
 */
async function checkTwoNumbers(ctx: PlanContext): Promise<void> {
  const fresh: IncomingGuardian[] = []
  /** The keys of the responsables of the files whose family is in Marelle, with their number. */
  const kept: [string, string][] = []
  for (const g of ctx.set.guardians.values()) {
    if (g.role !== 'responsable') continue
    const exists = ctx.families.get(g.number)?.exists
    if (exists === false) fresh.push(g)
    else if (exists)
      for (const key of personKeys(g.values.nom, g.values.prenom, g.values.email, g.values.mobile))
        kept.push([key, g.number])
  }
  if (fresh.length === 0) return
  const owner = new Map<string, string>()
  const names = new Set(fresh.flatMap((g) => (typeof g.values.nom === 'string' ? [g.values.nom] : [])))
  const known: ResponsableSummary[] = await ctx.db.responsablesNamed([...names])
  for (const r of known)
    for (const key of personKeys(r.last_name, r.first_name, r.email, r.mobile_phone))
      owner.set(key, r.family_number)
  for (const [key, number] of kept) owner.set(key, number)
  for (const g of fresh) {
    const keys = personKeys(g.values.nom, g.values.prenom, g.values.email, g.values.mobile)
    const other = keys.map((key) => owner.get(key)).find((n) => n !== undefined && n !== g.number)
    if (other)
      report(
        ctx,
        g.origin,
        KEY_COLUMNS.familyNumber,
        `nouvelle famille ${g.number}, mais son responsable (« ${g.values.nom} ${g.values.prenom ?? ''} », même e-mail ou mobile) est déjà celui de la famille ${other} : une famille n’a qu’un N° famille. Vérifiez le numéro.`,
      )
    else for (const key of keys) owner.set(key, g.number)
  }
}
