import type { StatementView } from '@shared/contract/billing'

/**
 * The relevé de compte as JSON: `billing statement --json`, the `releve` key
 * of `family show --json` and of the access request's file (docs/facturation.md).
 */
export function statementJson(view: StatementView) {
  return {
    famille: view.familyNumber,
    au: view.at,
    prelevement: view.directDebit,
    solde_centimes: view.balanceCents,
    operations: view.entries.map((e) => ({
      date: e.date,
      type: e.kind,
      libelle: e.label,
      reference: e.reference,
      debit_centimes: e.debitCents,
      credit_centimes: e.creditCents,
      solde_centimes: e.balanceCents,
    })),
  }
}
