import { Badge, Button, Group, Modal, Stack, Table, Text } from '@mantine/core'
import type { FamilyFile } from '@shared/contract/families'
import { CHILD_IDENTITY_FIELDS } from '@shared/fields/index'
import { formatDay, formatInstant, formatInstantDay } from '@shared/format/date'
import { IconPlus } from '@tabler/icons-react'
import { useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { Link, useNavigate } from 'react-router'
import { api } from '../../api/client'
import { RecordForm } from '../../fields/RecordForm'
import { familyKey } from './family-query'

function AddChild({ family, onClose }: { family: FamilyFile; onClose: () => void }) {
  const navigate = useNavigate()
  const client = useQueryClient()
  const create = async (values: Record<string, unknown>) => {
    const child = await api.children.create({ familyId: family.id, values })
    await client.invalidateQueries({ queryKey: familyKey(family.id) })
    navigate(`/enfants/${child.id}`)
  }
  return (
    <Modal opened onClose={onClose} title="Nouvel enfant" size="lg">
      <RecordForm
        fields={CHILD_IDENTITY_FIELDS}
        values={{ nom: family.responsable?.values.nom ?? null }}
        version={null}
        mode="create"
        autoFocus
        onSave={create}
        onCancel={onClose}
        saveLabel="Créer la fiche de l’enfant"
        savedMessage="Fiche de l’enfant créée."
      />
    </Modal>
  )
}

/** The family's children, each opening its own file. */
export function FamilyChildrenPanel({ family }: { family: FamilyFile }) {
  const [adding, setAdding] = useState(false)
  return (
    <Stack>
      {family.children.length === 0 ? (
        <Text c="dimmed">Aucun enfant enregistré.</Text>
      ) : (
        <Table striped highlightOnHover aria-label="Enfants de la famille">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Enfant</Table.Th>
              <Table.Th>Identifiant</Table.Th>
              <Table.Th>Né(e) le</Table.Th>
              <Table.Th>École</Table.Th>
              <Table.Th>Classe</Table.Th>
              <Table.Th>Dossier</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {family.children.map((child) => (
              <Table.Tr key={child.id}>
                <Table.Td>
                  <Link to={`/enfants/${child.id}`}>
                    {child.lastName} {child.firstName}
                  </Link>
                </Table.Td>
                <Table.Td>{child.identifier}</Table.Td>
                <Table.Td>{formatDay(child.birthDate)}</Table.Td>
                <Table.Td>{child.school}</Table.Td>
                <Table.Td>{child.classLevel}</Table.Td>
                <Table.Td>
                  {child.validatedAt && !child.fileComplete ? (
                    <Badge variant="filled" color="orange" title="Il manque désormais une pièce au dossier">
                      Plus complet (validé le {formatInstantDay(child.validatedAt)})
                    </Badge>
                  ) : child.validatedAt ? (
                    <Badge
                      variant="light"
                      color="teal"
                      title={`Validé le ${formatInstant(child.validatedAt)}`}
                    >
                      Validé le {formatInstantDay(child.validatedAt)}
                    </Badge>
                  ) : (
                    <Badge variant="light" color="gray">
                      Non validé
                    </Badge>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Group>
        <Button variant="light" leftSection={<IconPlus size={16} />} onClick={() => setAdding(true)}>
          Ajouter un enfant
        </Button>
      </Group>
      {adding && <AddChild family={family} onClose={() => setAdding(false)} />}
    </Stack>
  )
}
