import { openDatabase } from '../../backend/db/open'
import { postgresError } from '../../backend/db/postgres/errors'
import { isPostgresUrl, openPostgres } from '../../backend/db/postgres/open'
import { CountMismatch, type TransferSummary, transferDatabase } from '../../backend/transfer/transfer'
import { type Command, EXIT_OK, EXIT_REJECTED, type Output, UsageError } from '../command'
import { spacedJson } from '../spaced-json'

const number = (n: number) => n.toLocaleString('fr-FR')

/** One line per table, aligned: SQLite's count, PostgreSQL's, and a mark where they differ. */
function countLines(summary: TransferSummary): string[] {
  const width = Math.max(5, ...summary.tables.map((t) => t.table.length))
  const head = `  ${'table'.padEnd(width)}  ${'fichier'.padStart(12)}  ${'serveur'.padStart(12)}`
  return [
    head,
    ...summary.tables.map(
      (t) =>
        `  ${t.table.padEnd(width)}  ${number(t.source).padStart(12)}  ${number(t.target).padStart(12)}${t.source === t.target ? '' : '  ≠ différent'}`,
    ),
  ]
}

function report(summary: TransferSummary, io: Output): void {
  io.out(`Transfert de ${summary.source} vers ${summary.target} :`)
  for (const line of countLines(summary)) io.out(line)
  const seconds = (summary.durationMs / 1000).toLocaleString('fr-FR', { maximumFractionDigits: 1 })
  io.out(
    `${number(summary.rows)} lignes copiées en ${summary.copied} tables en ${seconds} s (${number(summary.rowsPerSecond)} lignes/s) ; séquences remises après les ids copiés, recherche reconstruite, mêmes nombres de lignes des deux côtés.`,
  )
}

export const transferCommand: Command = {
  name: 'transfer',
  summary:
    'Copie toute la base (familles, enfants, dossiers, demandes, journal d’audit, comptes du personnel, paramètres, calendrier, facturation) vers une base PostgreSQL vide, crée son schéma s’il manque, reconstruit la recherche et compare les nombres de lignes table par table ; refuse une base cible qui n’est pas vide. Le fichier n’est que lu. À lancer avec le rôle propriétaire (celui de « migrate »).',
  usage: 'transfer --to postgres://UTILISATEUR@HÔTE/BASE [--json]',
  options: { to: { type: 'string' }, json: { type: 'boolean' } },
  requiredOptions: ['to'],
  // Opened here read-only: the file is never written.
  database: 'closed',
  async run(ctx, { values, key }, io) {
    const to = String(values.to)
    if (!isPostgresUrl(to))
      throw new UsageError(
        `--to attend l’adresse d’un serveur PostgreSQL (postgres://utilisateur@hôte/base), reçu : « ${to} ».`,
      )
    const source = openDatabase(ctx.paths.databasePath, { readonly: true, key })
    try {
      const target = await openPostgres(to, { max: 1, applicationName: 'marelle transfer' })
      try {
        const summary = await transferDatabase({
          source,
          sourcePath: ctx.paths.databasePath,
          target,
          actor: ctx.actor,
          clock: ctx.clock,
          progress: {
            table: (name, done, total) => io.err(`  ${name} : ${number(done)} / ${number(total)} lignes`),
            step: (message) => io.err(message),
          },
        })
        if (values.json) io.out(spacedJson(summary))
        else report(summary, io)
        return EXIT_OK
      } catch (error) {
        if (!(error instanceof CountMismatch)) throw postgresError(error) ?? error
        if (values.json) io.out(spacedJson(error.summary))
        else for (const line of countLines(error.summary)) io.out(line)
        io.err(
          'Les nombres de lignes diffèrent entre le fichier et le serveur (≠ ci-dessus) : la transaction est annulée, rien n’a été écrit sur le serveur.',
        )
        return EXIT_REJECTED
      } finally {
        await target.close()
      }
    } finally {
      await source.close()
    }
  },
}
