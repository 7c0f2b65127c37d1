import { Alert, Button, Group, Stack, Text } from '@mantine/core'
import type { FamilyFile } from '@shared/contract/families'
import { GUARDIAN_FIELDS } from '@shared/fields/index'
import { IconMail, IconUserMinus, IconUserPlus } from '@tabler/icons-react'
import { useState } from 'react'
import { api } from '../../api/client'
import { ConfirmModal } from '../../components/ConfirmModal'
import { type FormSection, RecordForm } from '../../fields/RecordForm'
import { useFamilyUpdater } from './family-query'

type Role = 'responsable' | 'conjoint'

const GUARDIAN_SECTIONS: FormSection[] = [
  { title: 'Identité', keys: ['civilite', 'nom', 'prenom', 'qualite', 'situation'] },
  {
    title: 'Adresse',
    keys: ['adresse', 'complement_d_adresse_1', 'complement_d_adresse_2', 'lieu_dit', 'code_postal', 'ville'],
  },
  {
    title: 'Téléphones et e-mail',
    keys: [
      'telephone_domicile',
      'telephone_professionnel',
      'mobile',
      'email',
      'autorisation_courriel',
      'autorisation_sms',
    ],
  },
  { title: 'Profession', keys: ['profession', 'csp', 'employeur', 'adresse_employeur'] },
]
const NAMES: Record<Role, string> = { responsable: 'Responsable', conjoint: 'Conjoint' }

function RemoveConjoint({ family }: { family: FamilyFile }) {
  const { saved, reload } = useFamilyUpdater(family.id)
  const [open, setOpen] = useState(false)
  const conjoint = family.conjoint!
  return (
    <>
      <Button
        variant="subtle"
        color="red"
        leftSection={<IconUserMinus size={16} />}
        onClick={() => setOpen(true)}
      >
        Retirer le conjoint
      </Button>
      {open && (
        <ConfirmModal
          title="Retirer le conjoint"
          confirmLabel="Retirer"
          successMessage="Conjoint retiré du dossier."
          onConfirm={async () =>
            saved(await api.families.removeConjoint({ familyId: family.id, version: conjoint.version }))
          }
          onClose={() => setOpen(false)}
          onReload={reload}
        >
          {String(conjoint.values.nom)} {String(conjoint.values.prenom ?? '')} ne sera plus le conjoint de
          cette famille. Ses informations restent dans l’historique.
        </ConfirmModal>
      )}
    </>
  )
}

/** The responsable's or the conjoint's fields; a family without conjoint can be given one. */
export function GuardianPanel({ family, which: role }: { family: FamilyFile; which: Role }) {
  const { saved, reload } = useFamilyUpdater(family.id)
  const guardian = family[role]
  const [adding, setAdding] = useState(false)
  const save = async (patch: Record<string, unknown>) =>
    saved(
      await api.families.saveGuardian({
        familyId: family.id,
        role,
        version: guardian?.version ?? null,
        patch,
      }),
    )
  if (!guardian && !adding)
    return (
      <Stack align="flex-start">
        <Text c="dimmed">Cette famille n’a pas de conjoint enregistré.</Text>
        <Button leftSection={<IconUserPlus size={16} />} onClick={() => setAdding(true)}>
          Ajouter un conjoint
        </Button>
      </Stack>
    )
  return (
    <Stack>
      {role === 'responsable' && !guardian?.values.email && (
        <Alert color="orange" variant="light" icon={<IconMail />}>
          Le responsable n’a pas d’adresse e-mail : c’est elle qui reçoit les factures. Vérifiez-la avec la
          famille.
        </Alert>
      )}
      {guardian && role === 'conjoint' && (
        <Group justify="flex-end">
          <RemoveConjoint family={family} />
        </Group>
      )}
      <RecordForm
        key={guardian ? 'edit' : 'create'}
        fields={GUARDIAN_FIELDS}
        values={guardian?.values ?? {}}
        version={guardian?.version ?? null}
        mode={guardian ? 'edit' : 'create'}
        onSave={save}
        onReload={reload}
        onCancel={guardian ? undefined : () => setAdding(false)}
        columns={3}
        sections={GUARDIAN_SECTIONS}
        saveLabel={guardian ? `Enregistrer le ${NAMES[role].toLowerCase()}` : 'Ajouter le conjoint'}
        savedMessage={`${NAMES[role]} enregistré.`}
      />
    </Stack>
  )
}
