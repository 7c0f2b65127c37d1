import type { VaccinationView } from '@shared/contract/children'

/** Same vaccine: the same catalogue product, or the same name as typed when it matched none. */
function sameVaccine(a: VaccinationView, b: VaccinationView): boolean {
  if (a.productName && b.productName) return a.productName === b.productName
  return String(a.values.vaccin ?? '').toLowerCase() === String(b.values.vaccin ?? '').toLowerCase()
}

/**
 * The vaccinations whose booster (Date de rappel) is past with no later
 * injection of the same vaccine recorded: the family is to be asked for it.
 */
export function overdueBoosters(vaccinations: readonly VaccinationView[], today: string): VaccinationView[] {
  return vaccinations.filter((v) => {
    const booster = v.values.date_rappel
    if (typeof booster !== 'string' || booster >= today) return false
    const given = String(v.values.date ?? '')
    return !vaccinations.some(
      (other) => other !== v && sameVaccine(v, other) && String(other.values.date ?? '') > given,
    )
  })
}
