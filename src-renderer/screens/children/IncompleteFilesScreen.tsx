import { Anchor, Badge, Group, SegmentedControl, Stack, Text, Title } from '@mantine/core'
import { CHECKLIST_ITEMS, COMPLETENESS_STATES, type CompletenessRow } from '@shared/contract/completeness'
import { labelOf } from '@shared/domain/options'
import { formatInstantDay } from '@shared/format/date'
import { IconArrowLeft } from '@tabler/icons-react'
import type { ColDef } from 'ag-grid-community'
import { useMemo, useState } from 'react'
import { Link, useNavigate, useSearchParams } from 'react-router'
import { api } from '../../api/client'
import { useDocumentTitle } from '../../app/useDocumentTitle'
import { PagedGrid } from '../../grid/PagedGrid'

type State = (typeof COMPLETENESS_STATES)[number]['value']

const COLUMNS: ColDef<CompletenessRow>[] = [
  { headerName: 'Nom', field: 'lastName', flex: 1, minWidth: 140 },
  { headerName: 'Prénom', field: 'firstName', flex: 1, minWidth: 120 },
  { headerName: 'Identifiant', field: 'identifier', width: 150 },
  { headerName: 'N° famille', field: 'familyNumber', width: 150 },
  {
    headerName: 'À compléter',
    field: 'missing',
    flex: 3,
    tooltipValueGetter: (p) =>
      ((p.value as string[] | undefined) ?? []).map((k) => labelOf(CHECKLIST_ITEMS, k)).join(', '),
    valueFormatter: (p) =>
      ((p.value as string[] | undefined) ?? []).map((k) => labelOf(CHECKLIST_ITEMS, k)).join(', '),
  },
  {
    headerName: 'Validé le',
    field: 'validatedAt',
    width: 230,
    // In the list of incomplete files, a validation date means the file was complete once: say it lapsed.
    valueFormatter: (p) =>
      p.value && (p.data?.missing.length ?? 0) > 0
        ? `${formatInstantDay(p.value as string)} (n’est plus complet)`
        : formatInstantDay(p.value as string | null),
  },
]

/** The files the dashboard counts: incomplete ones, or complete ones nobody has validated yet. */
export function IncompleteFilesScreen() {
  useDocumentTitle('Dossiers à compléter')
  const navigate = useNavigate()
  const [params, setParams] = useSearchParams()
  const state: State = params.get('etat') === 'to_validate' ? 'to_validate' : 'incomplete'
  const [total, setTotal] = useState<number | null>(null)
  const fetchPage = useMemo(
    () => (offset: number, limit: number) => api.completeness.list({ state, offset, limit }),
    [state],
  )
  return (
    <Stack h="calc(100vh - 90px)">
      <Anchor component={Link} to="/" size="sm" w="fit-content">
        <Group gap={4}>
          <IconArrowLeft size={14} /> Tableau de bord
        </Group>
      </Anchor>
      <Group justify="space-between">
        <Title order={2}>Dossiers d’enfants</Title>
        {total !== null && (
          <Badge size="lg" variant="light">
            {total.toLocaleString('fr-FR')} dossier{total > 1 ? 's' : ''}
          </Badge>
        )}
      </Group>
      <Group>
        <SegmentedControl
          value={state}
          onChange={(v) => setParams({ etat: v })}
          data={COMPLETENESS_STATES.map((s) => ({ value: s.value, label: s.label }))}
        />
        <Text size="sm" c="dimmed">
          Entrée ou double clic ouvre le dossier de l’enfant.
        </Text>
      </Group>
      <div style={{ flex: 1 }}>
        <PagedGrid<CompletenessRow>
          label="Dossiers d’enfants"
          queryKey={state}
          columns={COLUMNS}
          fetchPage={fetchPage}
          rowId={(r) => String(r.childId)}
          onOpen={(r) => navigate(`/enfants/${r.childId}?onglet=dossier`)}
          onTotal={setTotal}
          emptyText={state === 'incomplete' ? 'Aucun dossier incomplet' : 'Aucun dossier à valider'}
        />
      </div>
    </Stack>
  )
}
