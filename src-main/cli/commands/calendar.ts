import { readFileSync } from 'node:fs'
import { basename, resolve } from 'node:path'
import type { SchoolZone } from '@db/schema'
import type { ImportPreview } from '@shared/contract/calendar'
import { nextSchoolYear, schoolYearOf } from '@shared/domain/days'
import { dayInFrance, formatDay } from '@shared/format/date'
import { applyHolidayImport, planHolidayImport } from '../../backend/calendar/holiday-import'
import { listHolidays, missingHolidaysMessage } from '../../backend/calendar/holidays'
import { zoneOf } from '../../backend/calendar/official/convert'
import { createDecoder, detectEncoding } from '../../backend/csv/encoding'
import { type Command, EXIT_OK, EXIT_REJECTED, UsageError } from '../command'

// `calendar import` and `calendar holidays` (README, docs/calendrier.md).

const STATUS: Record<ImportPreview['periods'][number]['status'], string> = {
  nouvelle: 'nouvelle',
  modifiee: 'modifiée',
  identique: 'déjà connue',
}

function readText(path: string): string {
  const bytes = readFileSync(path)
  const decoder = createDecoder(detectEncoding(bytes, basename(path)), basename(path))
  return decoder.write(bytes) + decoder.end()
}

export const calendarImportCommand: Command = {
  name: 'calendar import',
  summary:
    'Importe le calendrier scolaire officiel « fr-en-calendrier-scolaire » (CSV « ; », JSON ou ICS) ; une période déjà connue avec les mêmes dates est laissée telle quelle (--dry-run : aperçu sans rien écrire).',
  usage: 'calendar import FICHIER [--dry-run] [--json]',
  options: { 'dry-run': { type: 'boolean' }, json: { type: 'boolean' } },
  database: 'migrated',
  async run(ctx, { values, positionals }, io) {
    if (positionals.length !== 1) throw new UsageError('Indiquez un fichier, et un seul.')
    const path = resolve(positionals[0])
    let text: string
    try {
      text = readText(path)
    } catch (error) {
      io.err(
        (error as { file?: string }).file
          ? `Fichier illisible : ${(error as Error).message}`
          : `Fichier illisible ou introuvable : ${path}`,
      )
      return EXIT_REJECTED
    }
    const fileName = basename(path)
    const dryRun = values['dry-run'] === true
    const { preview } = await planHolidayImport(ctx.db, text, fileName)
    const outcome = dryRun ? null : await applyHolidayImport(ctx, text, fileName)
    if (values.json) {
      io.out(
        JSON.stringify(
          {
            fichier: fileName,
            format: preview.format,
            essai: dryRun,
            enregistrements: preview.records,
            periodes: preview.periods.map((p) => ({
              zone: p.zone,
              annee_scolaire: p.schoolYear,
              nom: p.name,
              debut: p.startsOn,
              reprise: p.resumesOn,
              etat: p.status,
            })),
            ignores: preview.ignored.map((i) => ({
              ou: i.where,
              description: i.description,
              motif: i.reason,
            })),
            ajoutees: outcome?.added ?? 0,
            modifiees: outcome?.updated ?? 0,
            identiques: outcome?.unchanged ?? preview.counts.identiques,
          },
          null,
          2,
        ),
      )
      return EXIT_OK
    }
    io.out(`${fileName} (${preview.format.toUpperCase()}) : ${preview.records} enregistrement(s) lus.`)
    for (const p of preview.periods)
      io.out(
        [
          p.zone,
          p.schoolYear,
          p.name,
          formatDay(p.startsOn),
          p.resumesOn ? formatDay(p.resumesOn) : 'reprise non publiée',
          STATUS[p.status],
        ].join('\t'),
      )
    for (const i of preview.ignored) io.err(`Ignoré (${i.where}, ${i.description}) : ${i.reason}`)
    const { nouvelles, modifiees, identiques } = preview.counts
    if (dryRun)
      io.out(
        `Essai (--dry-run) : rien n’a été écrit ; ${nouvelles} période(s) à ajouter, ${modifiees} à corriger, ${identiques} déjà connue(s).`,
      )
    else if (outcome)
      io.out(
        `${outcome.added} période(s) ajoutée(s), ${outcome.updated} corrigée(s), ${outcome.unchanged} déjà connue(s).`,
      )
    return EXIT_OK
  },
}

export const calendarHolidaysCommand: Command = {
  name: 'calendar holidays',
  summary:
    'Les vacances scolaires d’une zone pour une année scolaire (par défaut l’année en cours) : debut = jour officiel du départ (après la classe), reprise = jour de la reprise des cours (le matin), en aaaa-mm-jj.',
  usage: 'calendar holidays --zone A|B|C|Corse [--school-year 2025-2026] [--json]',
  options: { zone: { type: 'string' }, 'school-year': { type: 'string' }, json: { type: 'boolean' } },
  requiredOptions: ['zone'],
  database: 'migrated',
  async run(ctx, { values }, io) {
    const zone = zoneOf(/^[a-c]$/i.test(String(values.zone)) ? `Zone ${values.zone}` : String(values.zone))
    if (!zone) throw new UsageError('--zone vaut A, B, C ou Corse.')
    const year =
      typeof values['school-year'] === 'string'
        ? values['school-year']
        : schoolYearOf(dayInFrance(ctx.clock.now()))
    if (!/^\d{4}-\d{4}$/.test(year) || nextSchoolYear(year).slice(0, 4) !== year.slice(5))
      throw new UsageError('--school-year s’écrit comme 2025-2026.')
    const periods = await listHolidays(ctx.db, { zone: zone as SchoolZone, schoolYear: year })
    if (periods.length === 0) io.err(missingHolidaysMessage(zone, [year]) ?? '')
    if (values.json)
      io.out(
        JSON.stringify(
          periods.map((p) => ({ nom: p.name, debut: p.startsOn, reprise: p.resumesOn })),
          null,
          2,
        ),
      )
    else
      for (const p of periods)
        io.out(
          `${p.name}\tdu ${formatDay(p.startsOn)} après la classe\t${
            p.resumesOn ? `reprise le ${formatDay(p.resumesOn)} au matin` : 'reprise non publiée'
          }`,
        )
    return EXIT_OK
  },
}
