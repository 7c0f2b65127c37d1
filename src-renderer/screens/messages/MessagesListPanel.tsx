import {
  Alert,
  Button,
  Group,
  Pagination,
  SegmentedControl,
  Select,
  Stack,
  Text,
  TextInput,
} from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { MESSAGE_STATES, type MessageRow, type MessageState } from '@shared/contract/messages'
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { api } from '../../api/client'
import { PdfButton } from '../billing/PdfButton'
import { ExportMessagesButton } from './ExportMessagesButton'
import { MessageModal } from './MessageModal'
import { MessagesTable } from './MessagesTable'

const PAGE = 50

/** « Messages »: every message, replies to requests included, by state; export, letters, drafts. */
export function MessagesListPanel({ familyId }: { familyId?: number }) {
  const client = useQueryClient()
  const [state, setState] = useState<MessageState | 'all'>('all')
  const [channel, setChannel] = useState<'portail' | 'courrier' | null>(null)
  const [search, setSearch] = useState('')
  const [query] = useDebouncedValue(search, 250)
  const [page, setPage] = useState(1)
  const [selected, setSelected] = useState<Set<number>>(new Set())
  const [open, setOpen] = useState<MessageRow | null>(null)
  const [error, setError] = useState<string | null>(null)
  const filter = {
    ...(state === 'all' ? {} : { state }),
    ...(channel ? { channel } : {}),
    ...(familyId ? { familyId } : {}),
    ...(query.trim() ? { search: query.trim() } : {}),
  }
  const list = useQuery({
    queryKey: ['messages', 'list', filter, page],
    queryFn: () => api.messages.list({ ...filter, offset: (page - 1) * PAGE, limit: PAGE }),
    placeholderData: keepPreviousData,
  })
  const counts = list.data?.counts
  const all = counts ? Object.values(counts).reduce((a, b) => a + b, 0) : 0
  const chosen = (list.data?.rows ?? []).filter((r) => selected.has(r.id))
  const drafts = chosen.filter((r) => r.state === 'brouillon')
  const printable = chosen.filter((r) => r.state !== 'brouillon')
  const refresh = () => {
    setSelected(new Set())
    void client.invalidateQueries({ queryKey: ['messages', 'list'] })
  }
  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <SegmentedControl
          aria-label="État"
          value={state}
          onChange={(v) => {
            setState(v as MessageState | 'all')
            setPage(1)
          }}
          data={[
            { value: 'all', label: `Tous (${all})` },
            ...MESSAGE_STATES.map((s) => ({
              value: s.value,
              label: `${s.label} (${counts?.[s.value] ?? 0})`,
            })),
          ]}
        />
        {!familyId && <ExportMessagesButton />}
      </Group>
      <Group align="flex-end">
        {!familyId && (
          <TextInput
            label="Rechercher"
            placeholder="N° de famille, nom, objet, référence de demande"
            value={search}
            onChange={(e) => {
              setSearch(e.currentTarget.value)
              setPage(1)
            }}
            w={360}
          />
        )}
        <Select
          label="Canal"
          clearable
          placeholder="Tous"
          data={[
            { value: 'portail', label: 'Portail famille' },
            { value: 'courrier', label: 'Courrier' },
          ]}
          value={channel}
          onChange={(v) => {
            setChannel(v as 'portail' | 'courrier' | null)
            setPage(1)
          }}
          w={200}
        />
        <Button
          variant="light"
          disabled={drafts.length === 0}
          onClick={async () => {
            setError(null)
            try {
              await api.messages.sendDrafts({ ids: drafts.map((d) => d.id) })
              refresh()
            } catch (e) {
              setError((e as Error).message)
            }
          }}
        >
          Envoyer les brouillons choisis ({drafts.length})
        </Button>
        {printable.length > 0 && (
          <PdfButton
            label={`Imprimer les courriers choisis (${printable.length})`}
            fetchFile={async () => {
              const file = await api.messages.letters({ ids: printable.map((p) => p.id) })
              refresh()
              return file
            }}
          />
        )}
      </Group>
      {error && (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      )}
      {list.isError && <Alert color="red">{list.error.message}</Alert>}
      {list.data && list.data.rows.length === 0 ? (
        <Text c="dimmed">Aucun message.</Text>
      ) : (
        <MessagesTable
          rows={list.data?.rows ?? []}
          selected={selected}
          onSelect={setSelected}
          onOpen={setOpen}
          showFamily={!familyId}
        />
      )}
      {list.data && list.data.total > PAGE && (
        <Pagination total={Math.ceil(list.data.total / PAGE)} value={page} onChange={setPage} />
      )}
      <MessageModal message={open} onClose={() => setOpen(null)} />
    </Stack>
  )
}
