// The six files of a family file set, with their columns in export order,
// spelled exactly as docs/fichiers-csv.md commits to (ASCII apostrophes).

export const FAMILY_FILES = {
  familles: {
    name: 'familles.csv',
    columns: [
      'N° famille',
      'Organisme',
      'N° allocataire',
      'QF',
      'QF du',
      'QF au',
      'Revenu fiscal de référence',
      'Nombre de parts',
      'Titulaire du compte',
      'Banque',
      'IBAN',
      'BIC',
      'RUM',
      'Date du mandat',
      'Prélèvement',
    ],
  },
  responsables: {
    name: 'responsables.csv',
    columns: [
      'N° famille',
      'Rôle',
      'Civilité',
      'Nom',
      'Prénom',
      'Qualité',
      'Situation',
      'Adresse',
      "Complément d'adresse 1",
      "Complément d'adresse 2",
      'Lieu-dit',
      'Code postal',
      'Ville',
      'Téléphone domicile',
      'Téléphone professionnel',
      'Mobile',
      'Email',
      'Profession',
      'CSP',
      'Employeur',
      'Adresse employeur',
      'Autorisation courriel',
      'Autorisation SMS',
    ],
  },
  enfants: {
    name: 'enfants.csv',
    columns: [
      'Identifiant',
      'N° famille',
      'Nom',
      'Prénom',
      'Sexe',
      'Date de naissance',
      'Lieu de naissance',
      'École',
      'Classe',
      'Régime alimentaire',
      'PAI',
      "PAI valable jusqu'au",
      // Added after the first release: at the end, so older files still read.
      'Panier-repas autorisé (PAI)',
      'Détails du PAI',
      'Besoin de soins particuliers',
      'Médecin traitant',
      'Téléphone du médecin',
      'Fiche sanitaire remplie le',
      'Admission provisoire le',
      'Date de départ',
    ],
  },
  personnesAutorisees: {
    name: 'personnes_autorisees.csv',
    columns: [
      'Identifiant enfant',
      'Nom',
      'Prénom',
      'Lien de parenté',
      'Téléphone',
      'Mobile',
      "Peut récupérer l'enfant",
      'À prévenir en urgence',
      // Added after the first release: at the end, so older files still read.
      "Interdit de récupérer l'enfant",
      'Remarques',
    ],
  },
  vaccinations: {
    name: 'vaccinations.csv',
    columns: ['Identifiant enfant', 'Vaccin', 'Date', 'Dose', 'Lot', 'Date de rappel', 'Médecin'],
  },
  sante: {
    name: 'sante.csv',
    columns: ['Identifiant enfant', 'Type', 'Libellé', 'Allergène', 'Détails'],
  },
} as const

export type FamilyFileKey = keyof typeof FAMILY_FILES
export type FamilyFile = (typeof FAMILY_FILES)[FamilyFileKey]
export type FamilyFileName = FamilyFile['name']
/** The column names of one file, e.g. FamilyColumn<'enfants'>. */
export type FamilyColumn<K extends FamilyFileKey> = (typeof FAMILY_FILES)[K]['columns'][number]

/** In the order an export writes them and the preview lists them. */
export const FAMILY_FILE_KEYS = Object.keys(FAMILY_FILES) as FamilyFileKey[]

/** The file definition for a file name as found in a folder or a zip ("Enfants.CSV" included). */
export function familyFileByName(name: string): FamilyFileKey | undefined {
  const base = name.split(/[\\/]/).pop()?.toLowerCase()
  return FAMILY_FILE_KEYS.find((key) => FAMILY_FILES[key].name === base)
}
