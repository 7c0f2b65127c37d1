import { sql } from 'kysely'
import { beforeAll, expect, it } from 'vitest'
import { describePg, testDatabase } from './helpers'

describePg('the constraints PostgreSQL enforces', () => {
  const pg = testDatabase()
  const at = '2026-11-27T09:00:00.000Z'
  const stamps = { created_at: at, updated_at: at }
  let family: number
  let child: number
  beforeAll(async () => {
    family = (
      await pg.pg.db
        .insertInto('families')
        .values({ number: '1', ...stamps })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id
    child = (
      await pg.pg.db
        .insertInto('children')
        .values({ family_id: family, identifier: 'E1', last_name: 'A', first_name: 'B', ...stamps })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id
  })

  it('refuse a row whose parent does not exist', async () => {
    await expect(
      pg.pg.db
        .insertInto('children')
        .values({ family_id: 999_999, identifier: 'E2', last_name: 'A', first_name: 'B', ...stamps })
        .execute(),
    ).rejects.toMatchObject({ code: '23503' })
  })

  it('refuse a flag that is not 0 or 1, and JSON that does not parse', async () => {
    await expect(
      pg.pg.db.updateTable('children').set({ pai: 2 }).where('id', '=', child).execute(),
    ).rejects.toMatchObject({ code: '23514' })
    await expect(
      pg.pg.db.insertInto('settings').values({ key: 'k', value: '{pas du json', updated_at: at }).execute(),
    ).rejects.toMatchObject({ code: '23514' })
    await pg.pg.db
      .insertInto('settings')
      .values({ key: 'k', value: '{"ok": true}', updated_at: at })
      .execute()
  })

  it('cascade and set null as SQLite does', async () => {
    const template = await pg.pg.db
      .insertInto('message_templates')
      .values({ code: 'x', title: 'X', subject: 'S', body: 'B', ...stamps })
      .returning('id')
      .executeTakeFirstOrThrow()
    const message = await pg.pg.db
      .insertInto('messages')
      .values({
        family_id: family,
        child_id: child,
        template_id: template.id,
        subject: 'S',
        body: 'B',
        created_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await pg.pg.db.deleteFrom('message_templates').where('id', '=', template.id).execute()
    const kept = await pg.pg.db
      .selectFrom('messages')
      .select('template_id')
      .where('id', '=', message.id)
      .executeTakeFirstOrThrow()
    expect(kept.template_id).toBeNull()
    await pg.pg.db.deleteFrom('families').where('id', '=', family).execute()
    const left = await sql<{
      n: number
    }>`SELECT (SELECT count(*) FROM children) + (SELECT count(*) FROM messages)
      + (SELECT count(*) FROM family_search) + (SELECT count(*) FROM child_search_order) AS n`.execute(
      pg.pg.db,
    )
    expect(left.rows[0].n).toBe(0)
  })
})
