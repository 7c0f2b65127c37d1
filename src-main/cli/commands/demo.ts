import { generateDemo, MAX_DEMO_FAMILIES } from '../../backend/demo/generate'
import type { DemoCounts } from '../../backend/demo/writer'
import { type Command, EXIT_OK, UsageError } from '../command'

const number = (n: number) => n.toLocaleString('fr-FR')

function summary(counts: DemoCounts, seed: string, seconds: number): string[] {
  return [
    `Données de démonstration créées en ${seconds.toLocaleString('fr-FR', { maximumFractionDigits: 1 })} s (graine « ${seed} ») :`,
    `  structure « Ecoles de Biviers - Périscolaire » et ses services (accueil du matin, du soir, repas),`,
    `  ${number(counts.families)} familles dont la famille TEST du portail (N° 383304832264),`,
    `  ${number(counts.guardians)} responsables et conjoints, ${number(counts.children)} enfants,`,
    `  ${number(counts.authorizedPersons)} personnes autorisées, ${number(counts.vaccinations)} vaccinations,`,
    `  ${number(counts.healthConditions)} allergies et maladies, ${number(counts.quotients)} quotients familiaux, ${number(counts.enrolments)} inscriptions,`,
    `  ${number(counts.requests)} demandes en attente de la famille TEST (portail, 03/07/2017).`,
  ]
}

function familiesOption(value: unknown): number {
  const text = String(value ?? '')
  const n = /^\d+$/.test(text) ? Number(text) : Number.NaN
  if (!Number.isSafeInteger(n) || n > MAX_DEMO_FAMILIES)
    throw new UsageError(
      `--families attend un nombre entier de 0 à ${number(MAX_DEMO_FAMILIES)} (reçu : « ${text} »).`,
    )
  return n
}

export const demoCommand: Command = {
  name: 'demo',
  summary:
    'Remplit une base sans famille avec des données de démonstration : la commune de Biviers, la famille TEST du portail et N familles fictives (mêmes données pour la même graine le même jour ; --seed 1 par défaut). Refuse une base qui contient déjà des familles, pour ne jamais mêler données fictives et réelles.',
  usage: 'demo --families N [--seed GRAINE]',
  options: { families: { type: 'string' }, seed: { type: 'string' } },
  requiredOptions: ['families'],
  database: 'migrated',
  async run(ctx, { values }, io) {
    const families = familiesOption(values.families)
    const seed = typeof values.seed === 'string' ? values.seed : '1'
    const start = performance.now()
    const result = await generateDemo(ctx, {
      families,
      seed,
      progressEvery: families >= 20_000 ? 10_000 : families + 1,
      onProgress: (done, total) => io.err(`  ${number(done)} / ${number(total)} familles…`),
    })
    for (const line of summary(result.counts, seed, (performance.now() - start) / 1000)) io.out(line)
    return EXIT_OK
  },
}
