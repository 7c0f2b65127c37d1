import { writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import type { DayList, KitchenCount, ListPerson } from '@shared/contract/lists'
import { formatDay } from '@shared/format/date'
import type { StaffContext } from '../../backend/context'
import { AppError } from '../../backend/errors'
import { allergenName, dietCountLabel, dietName, personLine } from '../../backend/lists/labels'
import { type Command, EXIT_OK, type Output, UsageError, type Values } from '../command'
import { callChannel } from '../dispatch'

// `lists day` and `lists kitchen`: the Journée screen's lists on the command
// line, through the same channels (role, health rule and tracing included),
// as JSON, a PDF, a CSV, or readable text (docs/listes-du-jour.md).

const OUTPUTS = {
  json: { type: 'boolean' },
  pdf: { type: 'string' },
  csv: { type: 'string' },
  structure: { type: 'string' },
} as const

function output(values: Values): 'json' | 'pdf' | 'csv' | 'text' {
  const chosen = (['json', 'pdf', 'csv'] as const).filter((k) => values[k] !== undefined)
  if (chosen.length > 1) throw new UsageError('Choisissez une seule sortie : --json, --pdf ou --csv.')
  return chosen[0] ?? 'text'
}

function isoDay(value: unknown, option: string): string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value))
    throw new UsageError(`--${option} attend une date aaaa-mm-jj.`)
  return value
}

async function structureId(ctx: StaffContext, name: unknown): Promise<number> {
  if (typeof name !== 'string' || name.trim() === '')
    throw new UsageError('--structure attend le nom d’une structure.')
  const structures = await callChannel(ctx, 'lists/structures', {})
  const found = structures.find((s) => s.name.localeCompare(name.trim(), 'fr', { sensitivity: 'base' }) === 0)
  if (!found)
    throw new AppError(
      'NOT_FOUND',
      `Structure « ${name} » introuvable (structures : ${structures.map((s) => s.name).join(', ') || 'aucune'}).`,
    )
  return found.id
}

async function writeFile(
  ctx: StaffContext,
  io: Output,
  channel: 'lists/dayFile' | 'lists/kitchenFile',
  input: never,
  target: string,
) {
  const file = await callChannel(ctx, channel, input)
  writeFileSync(resolve(target), Buffer.from(file.base64 ?? '', 'base64'))
  io.out(`Fichier écrit : ${resolve(target)}`)
}

const person = (p: ListPerson) => ({
  nom: p.lastName,
  prenom: p.firstName,
  lien_de_parente: p.relationship,
  telephone: p.phone,
  mobile: p.mobile,
})

export function dayListJson(list: DayList) {
  return {
    structure: list.structureName,
    date: list.date,
    services: list.services.map((s) => ({
      code: s.code,
      service: s.name,
      attendus: s.expected,
      capacite: s.capacity,
      enfants: s.children.map((c) => ({
        identifiant: c.identifier,
        nom: c.lastName,
        prenom: c.firstName,
        ecole: c.school,
        classe: c.classLevel,
        etat: c.state,
        dossier_valide: c.fileValidated,
        pai: c.pai === null ? (list.healthShown ? false : null) : true,
        pai_valable_jusqu_au: c.pai?.validUntil ?? null,
        pai_expire: c.pai?.expired ?? null,
        allergenes: c.allergens === null ? null : c.allergens.map(allergenName),
        regime: c.diet,
        peuvent_recuperer: c.canPickUp.map(person),
        interdits: c.forbidden.map(person),
        urgence: c.emergency.map(person),
        presence: c.mark?.presence ?? null,
        arrivee: c.mark?.arrivedAt ?? null,
        depart: c.mark?.leftAt ?? null,
        recupere_par: c.mark?.pickedUpName ?? null,
      })),
    })),
  }
}

function dayListText(list: DayList): string {
  const lines = [`${list.structureName} — ${formatDay(list.date)}`]
  if (!list.healthShown) lines.push('(données de santé non affichées pour votre rôle)')
  for (const s of list.services) {
    lines.push(
      '',
      `${s.name} (${s.code}) : ${s.expected} attendu(s)${s.capacity === null ? '' : ` / ${s.capacity} places`}`,
    )
    for (const c of s.children) {
      const flags = [
        c.classLevel,
        c.fileValidated ? null : 'dossier non validé',
        c.pai ? (c.pai.expired ? 'PAI EXPIRÉ' : 'PAI') : null,
        c.allergens?.length ? `allergies : ${c.allergens.map(allergenName).join(', ')}` : null,
        c.diet ? dietName(c.diet) : null,
      ].filter(Boolean)
      lines.push(`  ${c.lastName} ${c.firstName}${flags.length ? ` (${flags.join(' ; ')})` : ''}`)
      for (const p of c.canPickUp) lines.push(`      peut récupérer : ${personLine(p)}`)
      for (const p of c.forbidden) lines.push(`      INTERDIT : ${personLine(p)}`)
    }
  }
  return lines.join('\n')
}

export function kitchenJson(count: KitchenCount) {
  return {
    structure: count.structureName,
    du: count.from,
    au: count.to,
    jours: count.days.map((d) => ({
      date: d.date,
      code: d.code,
      service: d.service,
      total: d.total,
      par_regime: count.healthShown ? d.byDiet : null,
      paniers_repas: count.healthShown ? d.packedMeals : null,
      par_allergene: count.healthShown
        ? Object.fromEntries(
            d.byAllergen.map((a) => [
              a.allergen,
              {
                libelle: a.label,
                nombre: a.count,
                enfants: a.children.map((c) => ({
                  nom: c.lastName,
                  prenom: c.firstName,
                  classe: c.classLevel,
                })),
              },
            ]),
          )
        : null,
      envoyee_le: d.lastSentAt,
    })),
  }
}

function kitchenText(count: KitchenCount): string {
  const lines = [`${count.structureName} — repas du ${formatDay(count.from)} au ${formatDay(count.to)}`]
  for (const d of count.days) {
    lines.push('', `${formatDay(d.date)} ${d.service} : ${d.total} repas`)
    if (!count.healthShown) continue
    for (const [diet, n] of Object.entries(d.byDiet))
      if (n > 0) lines.push(`  ${dietCountLabel(diet)} : ${n}`)
    if (d.packedMeals > 0) lines.push(`  Paniers-repas (PAI) : ${d.packedMeals}`)
    for (const a of d.byAllergen.filter((x) => x.count > 0))
      lines.push(
        `  ${a.label} : ${a.count} (${a.children.map((c) => `${c.lastName} ${c.firstName}`).join(', ')})`,
      )
  }
  return lines.join('\n')
}

export const listsDayCommand: Command = {
  name: 'lists day',
  summary:
    'Liste du jour d’une structure : enfants attendus par service, personnes autorisées et interdites, PAI, allergies et régime (--json, --pdf FICHIER ou --csv FICHIER).',
  usage:
    'lists day --structure NOM --date AAAA-MM-JJ [--service CODE] [--json | --pdf FICHIER | --csv FICHIER]',
  options: { ...OUTPUTS, date: { type: 'string' }, service: { type: 'string' } },
  requiredOptions: ['structure', 'date'],
  database: 'migrated',
  async run(ctx, { values }, io) {
    const mode = output(values)
    const date = isoDay(values.date, 'date')
    const id = await structureId(ctx, values.structure)
    let serviceId: number | undefined
    if (values.service !== undefined) {
      const structures = await callChannel(ctx, 'lists/structures', {})
      const service = structures
        .find((s) => s.id === id)
        ?.services.find((s) => s.code.toLowerCase() === String(values.service).toLowerCase())
      if (!service)
        throw new AppError('NOT_FOUND', `Service ${values.service} introuvable dans cette structure.`)
      serviceId = service.id
    }
    const input = { structureId: id, date, ...(serviceId ? { serviceId } : {}) }
    if (mode === 'pdf' || mode === 'csv') {
      await writeFile(ctx, io, 'lists/dayFile', { ...input, format: mode } as never, String(values[mode]))
      return EXIT_OK
    }
    const list = await callChannel(ctx, 'lists/day', input)
    io.out(mode === 'json' ? JSON.stringify(dayListJson(list), null, 2) : dayListText(list))
    return EXIT_OK
  },
}

export const listsKitchenCommand: Command = {
  name: 'lists kitchen',
  summary:
    'Commande de repas d’une structure par jour : total, repas par régime, paniers-repas et allergènes (--json, --pdf FICHIER ou --csv FICHIER).',
  usage:
    'lists kitchen --structure NOM --from AAAA-MM-JJ --to AAAA-MM-JJ [--json | --pdf FICHIER | --csv FICHIER]',
  options: { ...OUTPUTS, from: { type: 'string' }, to: { type: 'string' } },
  requiredOptions: ['structure', 'from', 'to'],
  database: 'migrated',
  async run(ctx, { values }, io) {
    const mode = output(values)
    const from = isoDay(values.from, 'from')
    const to = isoDay(values.to, 'to')
    const input = { structureId: await structureId(ctx, values.structure), from, to }
    if (mode === 'pdf' || mode === 'csv') {
      await writeFile(ctx, io, 'lists/kitchenFile', { ...input, format: mode } as never, String(values[mode]))
      return EXIT_OK
    }
    const count = await callChannel(ctx, 'lists/kitchen', input)
    io.out(mode === 'json' ? JSON.stringify(kitchenJson(count), null, 2) : kitchenText(count))
    return EXIT_OK
  },
}
