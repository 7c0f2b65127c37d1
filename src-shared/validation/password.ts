import { z } from '../zod'
import { requiredText } from './values'

// CNIL recommendation (délibération 2022-100) for accounts protected by a
// lock-out after failed attempts: at least 8 characters mixing at least 3 of
// the 4 kinds (lower case, upper case, digits, special characters).
export const PASSWORD_MIN_LENGTH = 8

export function passwordKinds(password: string): number {
  return [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((re) => re.test(password)).length
}

export const newPasswordSchema = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `au moins ${PASSWORD_MIN_LENGTH} caractères`)
  .max(200)
  .refine((p) => passwordKinds(p) >= 3, {
    message:
      'mélangez au moins trois sortes de caractères : minuscules, majuscules, chiffres, caractères spéciaux',
  })
  .describe('Mot de passe')

export const loginNameSchema = z
  .string()
  .trim()
  .min(2, 'au moins 2 caractères')
  .max(64)
  .regex(/^[a-zA-Z0-9._-]+$/, 'lettres sans accents, chiffres, point, tiret ou souligné uniquement')
  .describe('Identifiant')

export const displayNameSchema = requiredText('Nom affiché', 100)
