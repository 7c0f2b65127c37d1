import type { DB } from '@db/schema'
import { ROLES, type Role } from '@shared/roles'
import type { Kysely } from 'kysely'
import { writeAudit } from '../audit/service'
import type { Actor, Clock } from '../context'
import { forbidden } from '../errors'

/** Settings staff can change, with their defaults. */
export const SETTING_DEFAULTS = {
  /** Roles that may see and change children's health data (CNIL: only those who need it). */
  'health.roles': ['responsable', 'administrateur'] as Role[],
  /** Roles that may see and change a family's bank details and tax figures (need-to-know, as for health). */
  'finance.roles': ['responsable', 'administrateur'] as Role[],
  /** Years after a child leaves before its data is erased or anonymised (CNIL: 3 at most). */
  'retention.years': 3,
  /** Years an audit entry is kept (docs/conservation.md: the 6-year limitation period of offences). */
  'retention.auditYears': 6,
  /** Years a trace of a health-data read is kept (docs/conservation.md: CNIL, 6 months to 1 year for access logs). */
  'retention.healthAccessYears': 1,
  /** Days a copy in the backups folder is kept before a retention plan deletes it (docs/conservation.md). */
  'retention.backupDays': 30,
  /** Minutes without activity after which the window locks itself and asks for the password again. */
  'session.lockMinutes': 15,
  /** The commune's name and postal address, printed on lists, letters and invoices. */
  'commune.name': '',
  'commune.address': '',
  /** The régie that collects the payments, printed on invoices (docs/facturation.md). */
  'regie.name': '',
  'regie.address': '',
  /** Days from the issue of an invoice to its due date (and its debit date on direct debit). */
  'billing.dueDays': 20,
  /** The SEPA creditor: name, ICS (identifiant créancier SEPA), IBAN and BIC of the régie's account. */
  'sepa.creditorName': '',
  'sepa.ics': '',
  'sepa.iban': '',
  'sepa.bic': '',
}

export type SettingKey = keyof typeof SETTING_DEFAULTS
export type SettingValue<K extends SettingKey> = (typeof SETTING_DEFAULTS)[K]

export async function getSetting<K extends SettingKey>(db: Kysely<DB>, key: K): Promise<SettingValue<K>> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst()
  return row ? (JSON.parse(row.value) as SettingValue<K>) : SETTING_DEFAULTS[key]
}

export async function setSetting<K extends SettingKey>(
  trx: Kysely<DB>,
  actor: Actor,
  clock: Clock,
  key: K,
  value: SettingValue<K>,
): Promise<void> {
  const before = await getSetting(trx, key)
  const now = clock.now().toISOString()
  await trx
    .insertInto('settings')
    .values({ key, value: JSON.stringify(value), updated_at: now, updated_by: actor.staffId })
    .onConflict((oc) =>
      oc
        .column('key')
        .doUpdateSet({ value: JSON.stringify(value), updated_at: now, updated_by: actor.staffId }),
    )
    .execute()
  await writeAudit(trx, actor, clock, {
    action: 'settings.update',
    entityType: 'setting',
    changes: [{ field: key, label: key, before, after: value }],
  })
}

async function roleAllowed(db: Kysely<DB>, key: 'health.roles' | 'finance.roles', actor: Actor) {
  const roles = await getSetting(db, key)
  return roles.filter((r) => ROLES.includes(r)).includes(actor.role)
}

/** True when this staff member's role may see children's health data. */
export function canSeeHealth(db: Kysely<DB>, actor: Actor): Promise<boolean> {
  return roleAllowed(db, 'health.roles', actor)
}

/** True when this staff member's role may see families' bank details and tax figures. */
export function canSeeFinance(db: Kysely<DB>, actor: Actor): Promise<boolean> {
  return roleAllowed(db, 'finance.roles', actor)
}

/** Refuses, in French, a change of bank details or tax figures to a role without that right. */
export async function requireFinanceAccess(db: Kysely<DB>, actor: Actor): Promise<void> {
  if (!(await canSeeFinance(db, actor)))
    throw forbidden(
      'Votre rôle ne permet pas de voir ni de modifier les coordonnées bancaires et les données fiscales des familles (Paramètres → Données personnelles).',
    )
}
