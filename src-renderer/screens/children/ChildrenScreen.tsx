import { Badge, Button } from '@mantine/core'
import type { ChildListRow } from '@shared/contract/search'
import { formatDay } from '@shared/format/date'
import { IconChecklist } from '@tabler/icons-react'
import type { ColDef } from 'ag-grid-community'
import { Link, useNavigate } from 'react-router'
import { api } from '../../api/client'
import { SearchListScreen } from '../../components/SearchListScreen'

function paiText(row: ChildListRow | undefined): string {
  if (!row?.pai) return ''
  return row.paiValidUntil ? `jusqu’au ${formatDay(row.paiValidUntil)}` : 'sans date'
}

const COLUMNS: ColDef<ChildListRow>[] = [
  { headerName: 'Nom', field: 'lastName', flex: 1, minWidth: 130 },
  { headerName: 'Prénom', field: 'firstName', flex: 1, minWidth: 120 },
  { headerName: 'Né(e) le', field: 'birthDate', width: 120, valueFormatter: (p) => formatDay(p.value) },
  { headerName: 'Identifiant', field: 'identifier', width: 150 },
  {
    headerName: 'N° famille',
    field: 'familyNumber',
    width: 190,
    cellRenderer: (p: { data?: ChildListRow }) =>
      p.data && (
        <>
          {p.data.familyNumber}
          {p.data.familyArchived && (
            <Badge ml={6} size="xs" color="gray" variant="filled">
              Archivée
            </Badge>
          )}
        </>
      ),
  },
  { headerName: 'École', field: 'school', flex: 1, minWidth: 140 },
  { headerName: 'Classe', field: 'classLevel', width: 90 },
  { headerName: 'PAI', width: 160, valueGetter: (p) => paiText(p.data) },
  { headerName: 'Allergie', field: 'allergy', width: 100, valueFormatter: (p) => (p.value ? 'Oui' : '') },
  { headerName: 'Parti le', field: 'leftOn', width: 120, valueFormatter: (p) => formatDay(p.value) },
]

/** The Enfants list: search, then open a child's file. */
export function ChildrenScreen() {
  const navigate = useNavigate()
  return (
    <SearchListScreen<ChildListRow>
      title="Enfants"
      placeholder="Nom, prénom, identifiant, N° famille…"
      columns={COLUMNS}
      search={api.children.search}
      rowId={(r) => String(r.id)}
      onOpen={(r) => navigate(`/enfants/${r.id}`)}
      noun={['enfant', 'enfants']}
      actions={() => (
        <Button
          component={Link}
          to="/enfants/dossiers"
          variant="light"
          leftSection={<IconChecklist size={16} />}
        >
          Dossiers à compléter
        </Button>
      )}
    />
  )
}
