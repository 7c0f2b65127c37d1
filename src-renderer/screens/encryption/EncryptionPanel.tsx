import { Alert, Button, Group, Loader, Modal, Stack, Table, Text } from '@mantine/core'
import type { RecoveryKeyView } from '@shared/contract/encryption'
import { formatInstant } from '@shared/format/date'
import { IconKey } from '@tabler/icons-react'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { api } from '../../api/client'
import { RecoveryKeySheet } from './RecoveryKeySheet'

const STATUS_KEY = ['encryption', 'status'] as const

/** Paramètres → Chiffrement (administrators): the state of the database, and a new recovery key. */
export function EncryptionPanel() {
  const queryClient = useQueryClient()
  const status = useQuery({ queryKey: STATUS_KEY, queryFn: () => api.encryption.status({}) })
  const [confirming, setConfirming] = useState(false)
  const [busy, setBusy] = useState(false)
  const [failure, setFailure] = useState<string | null>(null)
  const [fresh, setFresh] = useState<RecoveryKeyView | null>(null)

  const regenerate = async () => {
    setBusy(true)
    setFailure(null)
    try {
      setFresh(await api.encryption.regenerate({}))
      setConfirming(false)
      await queryClient.invalidateQueries({ queryKey: STATUS_KEY })
    } catch (error) {
      setFailure((error as Error).message)
    } finally {
      setBusy(false)
    }
  }

  if (fresh)
    return (
      <RecoveryKeySheet
        view={fresh}
        intro="La base a été chiffrée avec une nouvelle clé. Voici la nouvelle clé de secours : l’ancienne n’ouvre plus la base (seulement les sauvegardes faites avant ce changement)."
        onKept={async () => {
          await api.encryption.acknowledgeRecoveryKey({ kept: true })
          setFresh(null)
        }}
      />
    )
  if (status.isPending) return <Loader aria-label="Chargement" />
  if (status.isError)
    return (
      <Alert color="red" role="alert">
        {status.error.message}
      </Alert>
    )
  const s = status.data
  return (
    <Stack maw={760}>
      <Table variant="vertical" withTableBorder layout="fixed">
        <Table.Tbody>
          <Table.Tr>
            <Table.Th w={260}>Base chiffrée</Table.Th>
            <Table.Td>{s.encrypted ? 'Oui' : 'Non'}</Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th>Algorithme</Table.Th>
            <Table.Td>{s.algorithm ? `${s.algorithm} (AES-256, compatible SQLCipher 4)` : '—'}</Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th>Dernier changement de clé</Table.Th>
            <Table.Td>
              {s.lastRekeyAt ? formatInstant(s.lastRekeyAt) : 'jamais (clé du premier démarrage)'}
            </Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th>Clé gardée</Table.Th>
            <Table.Td>{s.keyStore ?? 'hors de Marelle (MARELLE_DB_KEY ou --key-file)'}</Table.Td>
          </Table.Tr>
        </Table.Tbody>
      </Table>
      {!s.encrypted && (
        <Alert color="orange">
          La base n’est pas chiffrée : elle est chiffrée au prochain démarrage de l’application de bureau.
        </Alert>
      )}
      {s.encrypted && s.canRegenerate && (
        <Group>
          <Button leftSection={<IconKey size={16} />} variant="light" onClick={() => setConfirming(true)}>
            Générer une nouvelle clé de secours
          </Button>
        </Group>
      )}
      <Modal
        opened={confirming}
        onClose={() => setConfirming(false)}
        title="Générer une nouvelle clé de secours"
      >
        <Stack>
          {failure && (
            <Alert color="red" role="alert">
              {failure}
            </Alert>
          )}
          <Text>
            La base sera chiffrée avec une nouvelle clé tirée au hasard. L’ancienne clé de secours ne
            fonctionnera plus : seule la nouvelle, montrée ensuite, ouvrira la base et les sauvegardes faites
            à partir de maintenant. Les sauvegardes déjà faites restent chiffrées avec l’ancienne clé : gardez
            l’ancienne feuille jusqu’à leur effacement (14 jours).
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(false)}>
              Annuler
            </Button>
            <Button color="red" loading={busy} onClick={() => void regenerate()} data-autofocus>
              Générer la nouvelle clé
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  )
}
