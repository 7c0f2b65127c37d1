import { KEY_COLUMNS } from '../columns'
import type { TargetGroup } from './targets'

// How other software and home-made spreadsheets name the columns Marelle
// knows. A header is reduced to its words (lower case, no accents, "N°",
// "No" and "Numéro" read as "n", small words dropped) joined together:
// "Nom de l'enfant" → marker "enfant" + "nom"; "Tel. portable" → "telportable".

/** Whole headers that name one column whatever the rest. */
export const WHOLE_HEADERS: Record<string, { group: TargetGroup; column: string }> = {}

const whole = (group: TargetGroup, column: string, keys: string[]) => {
  for (const key of keys) WHOLE_HEADERS[key] = { group, column }
}
whole('famille', KEY_COLUMNS.familyNumber, [
  'nfamille',
  'codefamille',
  'idfamille',
  'reffamille',
  'referencefamille',
  'ndossier',
  'dossier',
  'nfoyer',
  'codefoyer',
  'famillen',
])
whole('enfant', KEY_COLUMNS.childId, [
  'identifiant',
  'identifiantenfant',
  'idenfant',
  'nenfant',
  'codeenfant',
  'referenceenfant',
  'matriculeenfant',
  'nindividu',
  'idindividu',
])
whole('famille', 'N° allocataire', [
  'nallocataire',
  'ncaf',
  'matriculecaf',
  'nallocatairecaf',
  'allocataire',
  'ncafmsa',
])
whole('famille', 'Organisme', ['organisme', 'caisse', 'organismedepaiement', 'cafmsa'])
whole('famille', 'QF', ['qf', 'quotient', 'quotientfamilial'])
whole('famille', 'QF du', ['qfdu', 'qfdebut', 'debutqf', 'qfvalabledu'])
whole('famille', 'QF au', ['qfau', 'qffin', 'finqf', 'qfvalableau'])
whole('famille', 'Revenu fiscal de référence', ['revenufiscalreference', 'revenufiscal', 'rfr'])
whole('famille', 'Nombre de parts', ['nombreparts', 'parts', 'nbparts', 'nbreparts'])
whole('famille', 'Titulaire du compte', ['titulairecompte', 'titulaire'])
whole('famille', 'Banque', ['banque', 'nombanque', 'domiciliation'])
whole('famille', 'IBAN', ['iban'])
whole('famille', 'BIC', ['bic', 'swift'])
whole('famille', 'RUM', ['rum', 'referenceuniquemandat'])
whole('famille', 'Date du mandat', ['datemandat', 'datesignaturemandat', 'mandatsignele'])
whole('famille', 'Prélèvement', ['prelevement', 'prelevementautomatique', 'paiementprelevement'])

/** Field names once the role marker is removed; the group is the marker's, else the field's usual one. */
export const FIELD_WORDS: Record<string, { column: string; group: TargetGroup }> = {}

const field = (column: string, group: TargetGroup, keys: string[]) => {
  for (const key of keys) FIELD_WORDS[key] = { column, group }
}
field('Nom', 'enfant', ['nom', 'nomfamille', 'nomusage', 'name', 'lastname', 'patronyme'])
field('Prénom', 'enfant', ['prenom', 'prenoms', 'firstname'])
field('Sexe', 'enfant', ['sexe', 'genre', 'fillegarcon', 'sex'])
field('Date de naissance', 'enfant', [
  'datenaissance',
  'datenaiss',
  'datenais',
  'naissance',
  'ddn',
  'nele',
  'neele',
  'birthdate',
  'dn',
])
field('Lieu de naissance', 'enfant', [
  'lieunaissance',
  'villenaissance',
  'communenaissance',
  'nea',
  'lieunaiss',
])
field('École', 'enfant', ['ecole', 'etablissement', 'etablissementscolaire', 'groupescolaire', 'school'])
field('Classe', 'enfant', ['classe', 'niveau', 'niveauscolaire', 'section'])
field('Régime alimentaire', 'enfant', ['regimealimentaire', 'regime', 'alimentation', 'repas'])
field('PAI', 'enfant', ['pai', 'projetaccueilindividualise'])
field("PAI valable jusqu'au", 'enfant', ['paivalablejusquau', 'finpai', 'datefinpai', 'paijusquau'])
field('Civilité', 'responsable', ['civilite', 'titre'])
field('Qualité', 'responsable', ['qualite', 'lien', 'lienparente', 'liensavecenfant'])
field('Situation', 'responsable', ['situation', 'situationfamiliale', 'situationmatrimoniale'])
field('Adresse', 'responsable', [
  'adresse',
  'adresse1',
  'rue',
  'voie',
  'numerorue',
  'nrue',
  'adressepostale',
  'ligne1',
])
field("Complément d'adresse 1", 'responsable', [
  'complementadresse1',
  'complementadresse',
  'complement',
  'adresse2',
  'appartement',
  'ligne2',
])
field("Complément d'adresse 2", 'responsable', [
  'complementadresse2',
  'adresse3',
  'batiment',
  'residence',
  'ligne3',
])
field('Lieu-dit', 'responsable', ['lieudit', 'bp', 'boitepostale', 'hameau'])
field('Code postal', 'responsable', ['codepostal', 'cp', 'cpostal', 'zipcode', 'postal'])
field('Ville', 'responsable', ['ville', 'commune', 'localite', 'city'])
field('Téléphone domicile', 'responsable', [
  'telephonedomicile',
  'teldomicile',
  'teldom',
  'telfixe',
  'telephonefixe',
  'fixe',
  'telephone',
  'tel',
  'domicile',
])
field('Téléphone professionnel', 'responsable', [
  'telephoneprofessionnel',
  'telprofessionnel',
  'telpro',
  'teltravail',
  'telbureau',
  'telephonetravail',
  'telephonepro',
])
field('Mobile', 'responsable', [
  'mobile',
  'portable',
  'telportable',
  'telephoneportable',
  'telmobile',
  'telephonemobile',
  'gsm',
  'cellulaire',
])
field('Email', 'responsable', [
  'email',
  'mail',
  'courriel',
  'adressemail',
  'adresseemail',
  'adressecourriel',
  'mel',
  'adresseelectronique',
])
field('Profession', 'responsable', ['profession', 'metier', 'emploi'])
field('CSP', 'responsable', ['csp', 'categoriesocioprofessionnelle', 'pcs'])
field('Employeur', 'responsable', ['employeur', 'entreprise', 'societe', 'nomemployeur'])
field('Adresse employeur', 'responsable', ['adresseemployeur', 'adresseentreprise', 'adressetravail'])
field('Autorisation courriel', 'responsable', [
  'autorisationcourriel',
  'autorisationemail',
  'accordemail',
  'optinemail',
  'accordcourriel',
])
field('Autorisation SMS', 'responsable', ['autorisationsms', 'accordsms', 'optinsms'])

/** Words that say whose column it is; "parent 1", "resp. 2" and the like are read as one word. */
export const ROLE_MARKERS: Record<string, TargetGroup> = {
  enfant: 'enfant',
  enfants: 'enfant',
  enf: 'enfant',
  eleve: 'enfant',
  responsable: 'responsable',
  responsable1: 'responsable',
  resp: 'responsable',
  resp1: 'responsable',
  parent1: 'responsable',
  representant1: 'responsable',
  r1: 'responsable',
  pere: 'responsable',
  payeur: 'responsable',
  conjoint: 'conjoint',
  responsable2: 'conjoint',
  resp2: 'conjoint',
  parent2: 'conjoint',
  representant2: 'conjoint',
  r2: 'conjoint',
  mere: 'conjoint',
  famille: 'famille',
  foyer: 'famille',
}

export const SMALL_WORDS = new Set([
  'de',
  'du',
  'des',
  'la',
  'le',
  'les',
  'l',
  'd',
  'a',
  'au',
  'aux',
  'et',
  'en',
  'of',
  'the',
])
