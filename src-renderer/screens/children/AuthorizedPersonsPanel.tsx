import type { ChildFile } from '@shared/contract/children'
import { AUTHORIZED_PERSON_FIELDS } from '@shared/fields/index'
import { RecordList } from '../../components/RecordList'
import { useChildList } from './child-query'

/** Who may pick the child up, who to call in an emergency, who is forbidden to pick it up. */
export function AuthorizedPersonsPanel({ child }: { child: ChildFile }) {
  const actions = useChildList(child, 'authorizedPersons')
  return (
    <RecordList
      records={child.authorizedPersons}
      fields={AUTHORIZED_PERSON_FIELDS}
      columns={['nom', 'prenom', 'lien_de_parente', 'telephone', 'mobile']}
      flags={{
        header: 'Autorisations',
        keys: ['peut_recuperer_l_enfant', 'a_prevenir_en_urgence', 'interdit_de_recuperer'],
        alarming: ['interdit_de_recuperer'],
      }}
      labels={{
        noun: 'personne autorisée',
        add: 'Ajouter une personne autorisée',
        saved: 'Personne autorisée enregistrée.',
        deleted: 'Personne autorisée supprimée.',
        empty: 'Aucune personne autorisée à venir chercher l’enfant.',
      }}
      createDefaults={{ peut_recuperer_l_enfant: true }}
      {...actions}
    />
  )
}
