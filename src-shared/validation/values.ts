import { electronicFormatIBAN, isValidBIC, isValidIBAN } from 'ibantools'
import { parsePhoneNumberFromString } from 'libphonenumber-js/max'
import { matchOption, type Option } from '../domain/options'
import { z } from '../zod'
import { type Lines, storedText, textProblem } from './clean-text'
import { dayProblem, instantProblem } from './dates'
import { phoneProblem } from './phone-problem'

// One schema per kind of value staff and families type. Each accepts what
// people write (spaces in phone numbers, dd/mm/yyyy, "Oui") and gives the
// one stored form; an empty text means "no value" (null). Labels come from
// .describe() so that every message names its field.

type Ctx = z.core.$RefinementCtx

function fail(ctx: Ctx, message: string): never {
  ctx.addIssue({ code: 'custom', message })
  return z.NEVER as never
}

const blankToNull = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? null : v)

/** Refuses invisible and control characters, then gives the NFC form (see ./clean-text.ts). */
const clean = (lines: Lines) => (v: string, ctx: Ctx) => {
  const problem = textProblem(v, lines)
  return problem ? fail(ctx, problem) : storedText(v)
}

/** Long texts (500 characters or more: remarks, details, replies) are notes on several lines. */
const linesFor = (max: number): Lines => (max >= 500 ? 'multi' : 'single')

/** Optional free text, trimmed; '' → null. */
export function text(label: string, max = 200, lines: Lines = linesFor(max)) {
  return z
    .preprocess(blankToNull, z.string().trim().max(max).transform(clean(lines)).nullable())
    .describe(label)
}

/** Required free text, trimmed. */
export function requiredText(label: string, max = 100, lines: Lines = linesFor(max)) {
  return z.string().trim().min(1).max(max).transform(clean(lines)).describe(label)
}

/** A line of a postal address: at most 38 characters (NF Z10-011). */
export function addressLine(label: string) {
  return text(label, 38)
}

/** French numbers as 10 digits (0612345678), other countries in E.164 (+41791234567). */
export function normalizePhone(input: string): string | null {
  const compact = input.replace(/[\s.\-()/]/g, '')
  if (!/^\+?\d{6,15}$/.test(compact) && !/^00\d{6,15}$/.test(compact)) return null
  const parsed = parsePhoneNumberFromString(compact.replace(/^00/, '+'), 'FR')
  if (!parsed?.isValid()) return null
  return parsed.country === 'FR' ? `0${parsed.nationalNumber}` : parsed.number
}

export function phone(label: string) {
  return z
    .preprocess(
      blankToNull,
      z
        .string()
        .transform((v, ctx) => normalizePhone(v) ?? fail(ctx, phoneProblem(v)))
        .nullable(),
    )
    .describe(label)
}

export function email(label: string) {
  return z
    .preprocess(
      (v) => (typeof v === 'string' ? (v.trim() === '' ? null : v.trim().toLowerCase()) : v),
      z.email({ message: 'adresse e-mail invalide' }).max(254).nullable(),
    )
    .describe(label)
}

export function postalCode(label: string) {
  return z
    .preprocess(
      (v) => (typeof v === 'string' ? (v.trim() === '' ? null : v.replace(/\s/g, '')) : v),
      z
        .string()
        .regex(/^\d{5}$/, 'code postal invalide (5 chiffres)')
        .nullable(),
    )
    .describe(label)
}

/** A day that exists, within the bounds of ./dates.ts, in its stored form. */
function dayOf(v: string, ctx: Ctx): string {
  const checked = dayProblem(v)
  return 'day' in checked ? checked.day : fail(ctx, checked.problem)
}

/** A calendar day: accepts dd/mm/yyyy or yyyy-mm-dd, stores yyyy-mm-dd. */
export function day(label: string) {
  return z
    .preprocess(
      blankToNull,
      z
        .string()
        .transform((v, ctx) => dayOf(v, ctx))
        .nullable(),
    )
    .describe(label)
}

export function requiredDay(label: string) {
  return z
    .string()
    .transform((v, ctx) => dayOf(v, ctx))
    .describe(label)
}

/** An instant with its offset (the portal's `submitted_at`), kept as written; see ./dates.ts for the bounds. */
export function instant(label: string) {
  return z
    .string()
    .trim()
    .superRefine((v, ctx) => {
      const checked = instantProblem(v)
      if ('problem' in checked) ctx.addIssue({ code: 'custom', message: checked.problem })
    })
    .describe(label)
}

/** Oui/Non in any of the forms docs/fichiers-csv.md accepts; a boolean stays a boolean. */
export function parseFlag(value: unknown): boolean | null {
  if (typeof value === 'boolean') return value
  if (typeof value === 'number') return value === 1 ? true : value === 0 ? false : null
  if (typeof value !== 'string') return null
  const key = value.trim().toLowerCase()
  if (['oui', 'o', '1', 'true', 'vrai', 'yes'].includes(key)) return true
  if (['non', 'n', '0', 'false', 'faux', 'no'].includes(key)) return false
  return null
}

export function flag(label: string) {
  return z
    .unknown()
    .transform((v, ctx) => parseFlag(v) ?? fail(ctx, 'valeur attendue : Oui ou Non'))
    .describe(label)
}

/** One value of a fixed list: its code, or its French label typed loosely ("Grand père"). */
export function option<V extends string>(label: string, options: readonly Option<V>[]) {
  return z
    .preprocess(
      blankToNull,
      z
        .string()
        .transform(
          (v, ctx) =>
            matchOption(options, v) ??
            fail(ctx, `valeur non reconnue (valeurs possibles : ${options.map((o) => o.label).join(', ')})`),
        )
        .nullable(),
    )
    .describe(label)
}

export function requiredOption<V extends string>(label: string, options: readonly Option<V>[]) {
  return z
    .string()
    .trim()
    .min(1)
    .transform(
      (v, ctx) =>
        matchOption(options, v) ??
        fail(ctx, `valeur non reconnue (valeurs possibles : ${options.map((o) => o.label).join(', ')})`),
    )
    .describe(label)
}

export function integer(label: string, min: number, max: number) {
  return z
    .preprocess(
      (v) => (typeof v === 'string' ? (v.trim() === '' ? null : Number(v.replace(/\s/g, ''))) : v),
      z
        .number({ message: 'nombre entier attendu' })
        .int('nombre entier attendu')
        .min(min)
        .max(max)
        .nullable(),
    )
    .describe(label)
}

export function decimal(label: string, min: number, max: number) {
  return z
    .preprocess(
      (v) =>
        typeof v === 'string' ? (v.trim() === '' ? null : Number(v.replace(/\s/g, '').replace(',', '.'))) : v,
      z.number({ message: 'nombre attendu' }).min(min).max(max).nullable(),
    )
    .describe(label)
}

export function iban(label: string) {
  return z
    .preprocess(
      blankToNull,
      z
        .string()
        .transform((v, ctx) => {
          const electronic = electronicFormatIBAN(v) ?? ''
          return isValidIBAN(electronic)
            ? electronic
            : fail(ctx, 'IBAN invalide (vérifiez les chiffres et la clé)')
        })
        .nullable(),
    )
    .describe(label)
}

export function bic(label: string) {
  return z
    .preprocess(
      blankToNull,
      z
        .string()
        .transform((v, ctx) => {
          const compact = v.replace(/\s/g, '').toUpperCase()
          return isValidBIC(compact) ? compact : fail(ctx, 'BIC invalide (8 ou 11 caractères)')
        })
        .nullable(),
    )
    .describe(label)
}

/** Identifiers of the portal: N° famille and Identifiant enfant (digits). */
export function identifier(label: string) {
  return (
    z
      .string()
      .trim()
      // Left empty: "obligatoire", not "invalide".
      .min(1, { abort: true })
      .regex(/^\d{1,20}$/, 'identifiant invalide (chiffres uniquement)')
      .describe(label)
  )
}
