import type { AuditEntryView } from '@shared/contract/audit'
import { listAudit } from '../audit/read'
import type { StaffContext } from '../context'
import { HEALTH_VIEW_ACTION } from '../ipc/health-trace'

// The audit entries about the family and its children: every change to
// their files, who decided their requests, and each read of the children's
// health data (who, when, from where). Keys as docs/droit-d-acces.md lists them.

type Child = { id: number; identifier: string }

const ALL = 1_000_000_000

/** Every entry of the family's history and of each child's, newest first, labelled as on screen. */
async function labelledEntries(ctx: StaffContext, familyId: number, children: Child[]) {
  const views = new Map<number, AuditEntryView>()
  const lists = [
    await listAudit(ctx, { familyId, limit: ALL }),
    ...(await Promise.all(children.map((c) => listAudit(ctx, { childId: c.id, limit: ALL })))),
  ]
  for (const list of lists) for (const view of list) views.set(view.id, view)
  return views
}

export async function readJournal(ctx: StaffContext, familyId: number, children: Child[]) {
  const ids = children.map((c) => c.id)
  const identifier = new Map(children.map((c) => [c.id, c.identifier]))
  // Every column the table has at run time (a later migration adds where a health read came from).
  const [ofFamily, ofChildren, views] = await Promise.all([
    ctx.db.selectFrom('audit_log').selectAll().where('family_id', '=', familyId).execute(),
    ids.length === 0 ? [] : ctx.db.selectFrom('audit_log').selectAll().where('child_id', 'in', ids).execute(),
    labelledEntries(ctx, familyId, children),
  ])
  const rows = new Map([...ofFamily, ...ofChildren].map((r) => [r.id, r]))
  const entries = [...rows.values()]
    .sort((a, b) => a.id - b.id)
    .map((row) => {
      const view = views.get(row.id)
      const source = (row as typeof row & { source?: string | null }).source ?? null
      return {
        id: row.id,
        date: row.at,
        auteur: row.actor,
        action: row.action,
        action_libelle: view?.actionLabel ?? row.action,
        objet: row.entity_type,
        objet_libelle: view?.entityLabel ?? row.entity_type,
        objet_id: row.entity_id,
        enfant: row.child_id === null ? null : (identifier.get(row.child_id) ?? null),
        demande: view?.requestRef ?? null,
        modifications: (view?.changes ?? []).map((c) => ({
          champ: c.field,
          libelle: c.label,
          avant: c.before ?? null,
          apres: c.after ?? null,
        })),
        note: row.note,
        source,
      }
    })
  return {
    entrees: entries,
    consultations_sante: entries
      .filter((e) => e.action === HEALTH_VIEW_ACTION)
      .map((e) => ({ date: e.date, auteur: e.auteur, enfant: e.enfant, depuis: e.note, source: e.source })),
  }
}

export type Journal = Awaited<ReturnType<typeof readJournal>>
