import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { migrations } from '../../db/migrations/index'
import { migrate } from '../../src-main/backend/db/migrate'
import { openDatabase } from '../../src-main/backend/db/open'

describe('family-search migration', () => {
  it('indexes the families a database already holds when it is upgraded', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'marelle-search-migration-'))
    const opened = openDatabase(join(dir, 'marelle.db'))
    const { sqlite } = opened
    const at = migrations.findIndex((m) => m.name === '20261128-0910-family-search')
    migrate(sqlite, { list: migrations.slice(0, at) })
    sqlite.exec(`
      INSERT INTO families (id, number, created_at, updated_at) VALUES (7, '383304832264', 'x', 'x');
      INSERT INTO guardians (family_id, role, last_name, first_name, created_at, updated_at)
        VALUES (7, 'responsable', 'Émery', 'Noël', 'x', 'x');
      INSERT INTO children (family_id, identifier, last_name, first_name, created_at, updated_at)
        VALUES (7, '383306398666', 'Émery', 'Zoé', 'x', 'x');`)
    migrate(sqlite)
    const match = (table: string, query: string) =>
      sqlite.prepare(`SELECT rowid FROM ${table} WHERE ${table} MATCH ?`).pluck().all(query)
    expect(match('family_search', '"noel"* "emery"*')).toEqual([7])
    expect(match('family_search', '"3833063"*')).toEqual([7])
    expect(match('child_search', '"zoe"*')).toEqual([1])
    expect(sqlite.prepare('SELECT sort_key FROM family_search_order').pluck().all()).toEqual([
      'emery noel 383304832264',
    ])
    expect(sqlite.prepare('SELECT sort_key FROM child_search_order').pluck().all()).toEqual([
      'emery zoe 383306398666',
    ])
    await opened.close()
    rmSync(dir, { recursive: true, force: true })
  })
})
