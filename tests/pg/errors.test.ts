import { describe, expect, it } from 'vitest'
import { describeTarget, postgresError } from '../../src-main/backend/db/postgres/errors'
import { bind } from '../../src-main/backend/db/postgres/search'

// Runs without a server: what the server mode says of the server's errors.
describe('PostgreSQL errors in French', () => {
  it('name the server without the password', () => {
    expect(describeTarget('postgres://marelle:secret@serveur:5433/ville?sslmode=verify-full')).toBe(
      'marelle@serveur:5433/ville',
    )
    expect(describeTarget('pas une adresse')).toBe('adresse illisible')
  })

  it('say « base occupée » for serialization failures, deadlocks and lock timeouts', () => {
    for (const code of ['40001', '40P01', '55P03', '57014'])
      expect(postgresError({ code, message: 'x' })).toMatchObject({
        code: 'BUSY',
        message: expect.stringMatching(/^La base est occupée/),
      })
  })

  it('say what the administrator can act on', () => {
    expect(postgresError({ code: 'ECONNREFUSED', message: '' })?.message).toMatch(/ne répond pas/)
    expect(postgresError({ code: '28P01', message: '' })?.message).toMatch(/refuse la connexion/)
    expect(postgresError({ code: '3D000', message: '' })?.message).toMatch(/n’existe pas/)
    expect(
      postgresError({ code: 'DEPTH_ZERO_SELF_SIGNED_CERT', message: 'self-signed certificate' })?.message,
    ).toMatch(/sslrootcert/)
    expect(postgresError({ code: '53100', message: '' })?.message).toMatch(
      /disque du serveur PostgreSQL est plein/,
    )
  })

  it('leave anything else to the unexpected-error path', () => {
    expect(postgresError({ code: '23505', message: 'duplicate key' })).toBeNull()
    expect(postgresError(new Error('bug'))).toBeNull()
  })
})

describe('the named parameters of the server search', () => {
  it('become $1, $2… in order of first use, each value once', () => {
    const query = bind('SELECT @b, @a, @b', { a: 1, b: 2, unused: 3 })
    expect(query.sql).toBe('SELECT $1, $2, $1')
    expect(query.parameters).toEqual([2, 1])
    expect(() => bind('SELECT @missing', {})).toThrow(/@missing/)
  })
})
