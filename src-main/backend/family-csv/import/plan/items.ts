import { AUTHORIZED_PERSON, type Entity, HEALTH_CONDITION, VACCINATION } from '../../../records/entities'
import type { FieldValues } from '../../../records/values'
import { KEY_COLUMNS } from '../../columns'
import type { DbRow } from '../existing'
import { healthKey, type IncomingChildItem, personKey, type RecordMap, vaccinationKey } from '../incoming'
import { batches, type ChildTarget, type PlanContext, report, reportNear } from './context'
import { merged, planUpdate } from './diff'

// A child's authorised persons, vaccinations and health rows, matched on the
// child and, per the rule of docs/fichiers-csv.md:
// the name and first name of a person, the vaccine and its date, the type
// and label of a health row (case aside). The rules the child services
// apply (a vaccination is not in the future, an allergen only for an
// allergy, a person forbidden to pick the child up cannot be allowed to)
// apply here too.

interface ItemKind {
  entity: Entity & { table: 'authorized_persons' | 'vaccinations' | 'health_conditions' }
  incoming: (ctx: PlanContext) => RecordMap<IncomingChildItem>
  count: 'personnesAutorisees' | 'vaccinations' | 'sante'
  /** The key of a database row, as the incoming rows are keyed. */
  key: (child: string, row: DbRow) => string
  what: string
  /** Rules over several fields; a message and the column it names, or null. */
  check: (
    ctx: PlanContext,
    values: FieldValues,
    row: DbRow | undefined,
  ) => { column: string; message: string } | null
  /** Columns a new row gets beside its fields. */
  extra?: (ctx: PlanContext, values: FieldValues) => Record<string, unknown>
  /** The values a new row gets from those the file gives (defaults that depend on them). */
  defaults?: (values: FieldValues) => FieldValues
  /** Fields a new row cannot do without, beyond the key. */
  required?: { key: string; column: string }[]
}

const PICKUP_COLUMN = "Peut récupérer l'enfant"
const FORBIDDEN_COLUMN = "Interdit de récupérer l'enfant"

/**
 * The child services' rule (a person forbidden to pick the child up cannot
 * be allowed to), and one of the import's own: a file never lifts a
 * prohibition (often a court's decision), which staff lift on the child's
 * file, knowingly.
 */
function pickupRule(values: FieldValues, row: DbRow | undefined): { column: string; message: string } | null {
  const forbiddenInMarelle = row?.pickup_forbidden === 1
  if (forbiddenInMarelle && values.interdit_de_recuperer === false)
    return {
      column: FORBIDDEN_COLUMN,
      message:
        'cette personne est interdite de récupérer l’enfant dans Marelle : un import ne lève pas une interdiction (levez-la sur la fiche de l’enfant).',
    }
  const v = merged(AUTHORIZED_PERSON, row, values)
  if (v.interdit_de_recuperer !== true || v.peut_recuperer_l_enfant !== true) return null
  return forbiddenInMarelle && !('interdit_de_recuperer' in values)
    ? {
        column: PICKUP_COLUMN,
        message:
          'cette personne est interdite de récupérer l’enfant dans Marelle : « Oui » impossible ici (levez l’interdiction sur la fiche de l’enfant).',
      }
    : {
        column: 'peut_recuperer_l_enfant' in values ? PICKUP_COLUMN : FORBIDDEN_COLUMN,
        message:
          'une personne interdite de récupérer l’enfant ne peut pas être marquée « Peut récupérer l’enfant » : mettez « Non » dans l’une des deux colonnes.',
      }
}

const KINDS: ItemKind[] = [
  {
    entity: AUTHORIZED_PERSON as ItemKind['entity'],
    incoming: (ctx) => ctx.set.persons,
    count: 'personnesAutorisees',
    key: (child, row) => personKey(child, { nom: row.last_name, prenom: row.first_name }),
    what: 'personne autorisée',
    check: (_ctx, values, row) => pickupRule(values, row),
    defaults: (values) =>
      // As the child services add one: a person forbidden to pick the child up is not allowed to.
      values.interdit_de_recuperer === true && !('peut_recuperer_l_enfant' in values)
        ? { ...values, peut_recuperer_l_enfant: false }
        : values,
    required: [{ key: 'lien_de_parente', column: 'Lien de parenté' }],
  },
  {
    entity: VACCINATION as ItemKind['entity'],
    incoming: (ctx) => ctx.set.vaccinations,
    count: 'vaccinations',
    key: (child, row) => vaccinationKey(child, { vaccin: row.vaccine_name, date: row.vaccinated_on }),
    what: 'vaccination',
    check: (ctx, values) => {
      const v = merged(VACCINATION, undefined, values)
      if (typeof v.date === 'string' && v.date > ctx.today)
        return { column: 'Date', message: 'une vaccination ne peut pas être datée dans le futur.' }
      if (typeof v.date === 'string' && typeof v.date_rappel === 'string' && v.date_rappel < v.date)
        return { column: 'Date de rappel', message: 'doit être après la date de vaccination.' }
      return null
    },
    extra: (ctx, values) => ({ product_id: ctx.vaccineProduct(String(values.vaccin)) }),
  },
  {
    entity: HEALTH_CONDITION as ItemKind['entity'],
    incoming: (ctx) => ctx.set.health,
    count: 'sante',
    key: (child, row) => healthKey(child, { type: row.kind, libelle: row.label }),
    what: 'donnée de santé',
    check: (_ctx, values, row) => {
      const v = merged(HEALTH_CONDITION, row, values)
      return v.allergene && v.type !== 'allergie'
        ? { column: 'Allergène', message: 'ne se renseigne que pour une allergie (Type « Allergie »).' }
        : null
    },
  },
]

export async function planChildItems(ctx: PlanContext): Promise<void> {
  for (const kind of KINDS)
    for (const batch of batches(kind.incoming(ctx).entries())) {
      const identifierOf = new Map<number, string>()
      for (const [, item] of batch) {
        const target = ctx.children.get(item.child)
        if (target?.exists) identifierOf.set(target.ref.id, item.child)
      }
      const rows = await ctx.db.childItems(kind.entity.table, [...identifierOf.keys()])
      const index = indexRows(rows, identifierOf, kind)
      for (const [key, item] of batch) {
        ctx.tick()
        planItem(ctx, kind, key, item, index)
      }
      await ctx.flush()
    }
}

/** Database rows by key; null when two rows share a key (matching would be a guess). */
function indexRows(rows: DbRow[], identifierOf: Map<number, string>, kind: ItemKind) {
  const index = new Map<string, DbRow | null>()
  for (const row of rows) {
    const key = kind.key(identifierOf.get(row.child_id as number)!, row)
    index.set(key, index.has(key) ? null : row)
  }
  return index
}

function childOf(ctx: PlanContext, item: IncomingChildItem, what: string): ChildTarget | undefined {
  const target = ctx.children.get(item.child)
  if (target) return target
  if (ctx.set.children.has(item.child))
    report(
      ctx,
      item.origin,
      KEY_COLUMNS.childRef,
      `l’enfant ${item.child} ne peut pas être ajouté (voir enfants.csv) : cette ${what} non plus.`,
    )
  else
    reportNear(
      ctx,
      item.origin,
      KEY_COLUMNS.childRef,
      { kind: 'child', number: item.child },
      (near) => `enfant ${item.child} inconnu : il n’est ni dans Marelle ni dans enfants.csv${near || '.'}`,
    )
  return undefined
}

function planItem(
  ctx: PlanContext,
  kind: ItemKind,
  key: string,
  item: IncomingChildItem,
  index: Map<string, DbRow | null>,
): void {
  const child = childOf(ctx, item, kind.what)
  if (!child) return
  const row = child.exists ? index.get(key) : undefined
  if (row === null) {
    report(
      ctx,
      item.origin,
      KEY_COLUMNS.childRef,
      `plusieurs fiches de ${kind.what} de l’enfant ${item.child} correspondent à cette ligne dans Marelle : corrigez d’abord la fiche de l’enfant.`,
    )
    return
  }
  const problem = kind.check(ctx, item.values, row)
  if (problem) {
    report(ctx, item.origin, problem.column, problem.message)
    return
  }
  if (row) {
    const changed = planUpdate(ctx.plan, kind.entity, row, item.values, {
      familyId: child.family.id,
      childId: child.ref.id,
    })
    ctx.plan.counts[kind.count][changed ? 'changed' : 'unchanged']++
    return
  }
  const lacking = kind.required?.find((r) => item.values[r.key] == null)
  if (lacking) {
    report(ctx, item.origin, lacking.column, `obligatoire pour ajouter cette ${kind.what}.`)
    return
  }
  ctx.plan.inserts.push({
    entity: kind.entity,
    ref: { id: 0 },
    parent: child.ref,
    values: kind.defaults?.(item.values) ?? item.values,
    extra: kind.extra?.(ctx, item.values) ?? {},
    family: child.family,
    child: child.ref,
  })
  ctx.plan.counts[kind.count].added++
}
