import { departureProblem } from '../../../departure/validate'
import { CHILD } from '../../../records/entities'
import { anonymisedRefusal } from '../../../retention/identifiers'
import { KEY_COLUMNS } from '../../columns'
import type { ExistingChild } from '../existing'
import { foldCase, type IncomingChild, leadingNumber } from '../incoming'
import { batches, type PlanContext, report, reportNear } from './context'
import { planUpdate } from './diff'
import type { Ref } from './model'

// Children, matched on Identifiant. An import never moves a child to another
// family nor turns one child's file into another's: a different N° famille,
// or a different first and last name, is reported, not applied.

/** Registers the children found in Marelle, by identifier. */
function found(ctx: PlanContext, rows: Map<string, ExistingChild>): void {
  for (const [identifier, row] of rows)
    ctx.children.set(identifier, { ref: { id: row.id }, family: { id: row.family_id }, exists: true })
}

export async function planChildren(ctx: PlanContext): Promise<void> {
  // The children the files give, a batch at a time, beside their rows in Marelle.
  for (const batch of batches(ctx.set.children.values())) {
    const rows = await ctx.db.children(batch.map((child) => child.identifier))
    found(ctx, rows)
    const anonymised = await ctx.db.anonymised(
      'child',
      batch.flatMap((c) => (rows.has(c.identifier) ? [] : [c.identifier])),
    )
    for (const child of batch) {
      ctx.tick()
      const row = rows.get(child.identifier)
      if (row) updateChild(ctx, child, row)
      else createChild(ctx, child, anonymised)
    }
    await ctx.flush()
  }
  // The children named only by their persons, vaccinations or health rows (or a child of the files that
  // cannot be added): in Marelle, or reported with them.
  const named = new Set<string>()
  for (const map of [ctx.set.persons, ctx.set.vaccinations, ctx.set.health])
    for (const key of map.keys()) {
      const identifier = leadingNumber(key)
      if (!ctx.children.has(identifier)) named.add(identifier)
    }
  for (const batch of batches(named)) found(ctx, await ctx.db.children(batch))
}

function updateChild(ctx: PlanContext, child: IncomingChild, row: ExistingChild): void {
  if (child.number && child.number !== row.family_number) {
    report(
      ctx,
      child.origin,
      KEY_COLUMNS.familyNumber,
      `dans Marelle, l’enfant ${child.identifier} appartient à la famille ${row.family_number}, pas à la famille ${child.number} : un import ne change pas un enfant de famille. Vérifiez le N° famille ou l’Identifiant.`,
    )
    return
  }
  const { nom, prenom } = child.values
  if (
    nom != null &&
    prenom != null &&
    foldCase(nom) !== foldCase(row.last_name) &&
    foldCase(prenom) !== foldCase(row.first_name)
  ) {
    report(
      ctx,
      child.origin,
      KEY_COLUMNS.childId,
      `dans Marelle, l’enfant ${child.identifier} est « ${row.last_name} ${row.first_name} », pas « ${nom} ${prenom} » : vérifiez l’Identifiant.`,
    )
    return
  }
  if (refuseDeparture(ctx, child, row)) return
  const changed = planUpdate(ctx.plan, CHILD, row, child.values, { familyId: row.family_id, childId: row.id })
  ctx.plan.counts.enfants[changed ? 'changed' : 'unchanged']++
}

/** A Date de départ before the Date de naissance (the file's, or Marelle's when the file has no such column). */
function refuseDeparture(ctx: PlanContext, child: IncomingChild, row: ExistingChild | null): boolean {
  const values = child.values
  const day = (key: string, column: string) =>
    (key in values ? values[key] : row?.[column]) as string | null | undefined
  const problem = departureProblem(
    day('date_de_naissance', 'birth_date') ?? null,
    day('date_de_depart', 'left_on') ?? null,
  )
  if (problem) report(ctx, child.origin, 'Date de départ', `${problem}.`)
  return problem !== null
}

function createChild(
  ctx: PlanContext,
  child: IncomingChild,
  anonymisedOn: ReadonlyMap<string, string>,
): void {
  const anonymised = anonymisedOn.get(child.identifier)
  if (anonymised) {
    report(ctx, child.origin, KEY_COLUMNS.childId, anonymisedRefusal('child', child.identifier, anonymised))
    return
  }
  if (!child.number) {
    report(
      ctx,
      child.origin,
      KEY_COLUMNS.childId,
      `l’enfant ${child.identifier} n’existe pas dans Marelle : pour l’ajouter, le fichier doit donner son N° famille.`,
    )
    return
  }
  const family = ctx.families.get(child.number)
  if (!family) {
    const inSet = ctx.set.families.has(child.number) || ctx.set.guardians.has(`${child.number}|conjoint`)
    if (inSet)
      report(
        ctx,
        child.origin,
        KEY_COLUMNS.familyNumber,
        `la famille ${child.number} ne peut pas être créée (voir le problème sur sa ligne) : l’enfant ne peut pas être ajouté.`,
      )
    else
      reportNear(
        ctx,
        child.origin,
        KEY_COLUMNS.familyNumber,
        { kind: 'family', number: child.number },
        (near) =>
          `famille ${child.number} inconnue : elle n’est ni dans Marelle ni dans les fichiers importés${near || '.'}`,
      )
    return
  }
  const missing = (['nom', 'prenom'] as const).filter((key) => child.values[key] == null)
  if (missing.length > 0) {
    report(
      ctx,
      child.origin,
      missing[0] === 'nom' ? 'Nom' : 'Prénom',
      `obligatoire pour ajouter l’enfant ${child.identifier}.`,
    )
    return
  }
  if (refuseDeparture(ctx, child, null)) return
  const ref: Ref = { id: 0 }
  ctx.children.set(child.identifier, { ref, family: family.ref, exists: false })
  ctx.plan.inserts.push({
    entity: CHILD,
    ref,
    parent: family.ref,
    values: child.values,
    extra: { identifier: child.identifier },
    family: family.ref,
    child: ref,
  })
  ctx.plan.counts.enfants.added++
}
