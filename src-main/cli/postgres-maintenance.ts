import { derivedProblems } from '../backend/consistency/derived'
import { openPostgres } from '../backend/db/postgres/open'
import { AppError } from '../backend/errors'
import { EXIT_OK, EXIT_REJECTED, type Output } from './command'

// `marelle backup` and `marelle check` given a postgres:// address
// (docs/architecture.md, « Transfert vers PostgreSQL »; README, « Mode serveur »):
// a server is copied and its pages checked by its own tools; Marelle runs the
// checks that are the application's.

/** What `backup` says on a server: the copy is pg_dump's, the restore pg_restore's. Nothing is written. */
export function backupOnPostgres(io: Output): number {
  io.err(
    'La base est sur un serveur PostgreSQL : « marelle backup » ne la copie pas. Sauvegardez-la sur le serveur avec pg_dump (par exemple « pg_dump --format=custom --file=marelle.dump postgres://marelle_owner@serveur/marelle », planifié chaque nuit) et remettez une sauvegarde avec pg_restore (« pg_restore --clean --if-exists --dbname=postgres://marelle_owner@serveur/marelle marelle.dump »). Rien n’a été écrit.',
  )
  return EXIT_REJECTED
}

/**
 * `check` on a server: the schema is this version's, and what the triggers
 * derive agrees with the records (request counts, search indexes). Foreign
 * keys and checks are enforced by the server at every write; its pages are
 * checked by the server's own tools (pg_amcheck, data checksums).
 */
export async function checkOnPostgres(url: string, io: Output): Promise<number> {
  try {
    const server = await openPostgres(url, { max: 1, applicationName: 'marelle check' })
    try {
      const schema = await server.storage.check()
      const problems = [...schema.problems, ...(schema.ok ? await derivedProblems(server.db) : [])]
      if (problems.length === 0) {
        io.out(
          `Base ${server.target} saine : schéma de cette version, compteurs des demandes et index de recherche d’accord avec les dossiers.`,
        )
        io.out(
          'Les clés étrangères et les contraintes sont vérifiées par le serveur à chaque écriture ; l’intégrité de ses fichiers se vérifie sur le serveur (pg_amcheck, sommes de contrôle des pages).',
        )
        return EXIT_OK
      }
      for (const problem of problems) io.err(problem)
      io.err(`${problems.length} problème(s) trouvé(s).`)
      return EXIT_REJECTED
    } finally {
      await server.close()
    }
  } catch (error) {
    io.err(error instanceof AppError ? error.message : `Erreur inattendue : ${(error as Error).message}`)
    return EXIT_REJECTED
  }
}
