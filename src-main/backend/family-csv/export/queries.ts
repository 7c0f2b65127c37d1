import type { FamilyFileKey } from '../../csv/index'

// One query per file, in the order the rows are written: families by
// number, their guardians (responsable first), children by Identifiant,
// each child's items by their matching key. `FILTER` becomes the families
// chosen (all, or a list), so each file holds the same families. Families
// and children anonymised by retention are left out (docs/conservation.md).

export const FILTER = '/*families*/'

export const EXPORT_QUERIES: Record<FamilyFileKey, string> = {
  familles: `
    SELECT f.*, f.number AS family_number, q.qf AS qf, q.valid_from AS valid_from, q.valid_to AS valid_to
    FROM families f
    LEFT JOIN family_quotients q ON q.id = (
      SELECT x.id FROM family_quotients x WHERE x.family_id = f.id
      ORDER BY (x.valid_from <= :today AND (x.valid_to IS NULL OR x.valid_to >= :today)) DESC,
        x.valid_from DESC, x.id DESC
      LIMIT 1)
    WHERE f.anonymised_at IS NULL AND ${FILTER}
    ORDER BY f.number`,
  responsables: `
    SELECT g.*, f.number AS family_number FROM guardians g JOIN families f ON f.id = g.family_id
    WHERE f.anonymised_at IS NULL AND ${FILTER}
    ORDER BY f.number, g.role = 'conjoint'`,
  enfants: `
    SELECT c.*, f.number AS family_number FROM children c JOIN families f ON f.id = c.family_id
    WHERE c.anonymised_at IS NULL AND ${FILTER}
    ORDER BY f.number, c.identifier`,
  personnesAutorisees: `
    SELECT p.*, c.identifier AS child_identifier
    FROM authorized_persons p JOIN children c ON c.id = p.child_id JOIN families f ON f.id = c.family_id
    WHERE ${FILTER}
    ORDER BY f.number, c.identifier, p.last_name, p.first_name, p.id`,
  vaccinations: `
    SELECT v.*, c.identifier AS child_identifier
    FROM vaccinations v JOIN children c ON c.id = v.child_id JOIN families f ON f.id = c.family_id
    WHERE ${FILTER}
    ORDER BY f.number, c.identifier, v.vaccinated_on, v.vaccine_name, v.id`,
  sante: `
    SELECT h.*, c.identifier AS child_identifier
    FROM health_conditions h JOIN children c ON c.id = h.child_id JOIN families f ON f.id = c.family_id
    WHERE ${FILTER}
    ORDER BY f.number, c.identifier, h.kind, h.label, h.id`,
}

/** The row counts, for the progress bar. */
export const COUNT_QUERIES: Record<FamilyFileKey, string> = {
  familles: `SELECT count(*) FROM families f WHERE f.anonymised_at IS NULL AND ${FILTER}`,
  responsables: `SELECT count(*) FROM guardians g JOIN families f ON f.id = g.family_id
    WHERE f.anonymised_at IS NULL AND ${FILTER}`,
  enfants: `SELECT count(*) FROM children c JOIN families f ON f.id = c.family_id
    WHERE c.anonymised_at IS NULL AND ${FILTER}`,
  personnesAutorisees: `SELECT count(*) FROM authorized_persons p JOIN children c ON c.id = p.child_id
    JOIN families f ON f.id = c.family_id WHERE ${FILTER}`,
  vaccinations: `SELECT count(*) FROM vaccinations v JOIN children c ON c.id = v.child_id
    JOIN families f ON f.id = c.family_id WHERE ${FILTER}`,
  sante: `SELECT count(*) FROM health_conditions h JOIN children c ON c.id = h.child_id
    JOIN families f ON f.id = c.family_id WHERE ${FILTER}`,
}
