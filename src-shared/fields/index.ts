export { AUTHORIZED_PERSON_FIELDS } from './authorized-person'
export { CHILD_FIELDS, CHILD_HEALTH_FIELDS, CHILD_IDENTITY_FIELDS } from './child'
export {
  DIRECT_DEBIT_FIELD_MESSAGE,
  directDebitMessage,
  directDebitMissing,
  touchesDirectDebit,
} from './direct-debit'
export { displayValue, formatIban, formatPhone } from './display'
export { BANK_FIELDS, CAF_FIELDS, FAMILY_FIELDS, FISCAL_FIELDS, QUOTIENT_FIELDS } from './family'
export { GUARDIAN_FIELDS } from './guardian'
export { HEALTH_CONDITION_FIELDS } from './health-condition'
export { createSchema, patchSchema, renameAliases } from './schemas'
export { type FieldKind, type FieldSpec, fieldByKey, snakeKey } from './spec'
export { VACCINATION_FIELDS } from './vaccination'
