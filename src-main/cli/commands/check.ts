import { type Command, EXIT_OK, EXIT_REJECTED } from '../command'

export const checkCommand: Command = {
  name: 'check',
  summary: 'Vérifie l’intégrité de la base et ses clés étrangères ; code 1 si un problème est trouvé.',
  usage: 'check',
  database: 'raw',
  async run(ctx, _input, io) {
    const report = await ctx.storage.check()
    if (report.ok) {
      io.out('Base saine : intégrité et clés étrangères vérifiées.')
      return EXIT_OK
    }
    for (const problem of report.problems) io.err(problem)
    io.err(`${report.problems.length} problème(s) trouvé(s).`)
    return EXIT_REJECTED
  },
}
