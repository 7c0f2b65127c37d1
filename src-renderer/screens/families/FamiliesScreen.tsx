import { Badge, Button } from '@mantine/core'
import type { FamilyListRow } from '@shared/contract/search'
import { formatPhone } from '@shared/fields/index'
import { IconFileExport } from '@tabler/icons-react'
import type { ColDef } from 'ag-grid-community'
import { Link, useNavigate } from 'react-router'
import { api } from '../../api/client'
import { SearchListScreen } from '../../components/SearchListScreen'

const COLUMNS: ColDef<FamilyListRow>[] = [
  {
    headerName: 'N° famille',
    field: 'number',
    width: 190,
    cellRenderer: (p: { data?: FamilyListRow }) =>
      p.data && (
        <>
          {p.data.number}
          {p.data.archived && (
            <Badge ml={6} size="xs" color="gray" variant="filled">
              Archivée
            </Badge>
          )}
        </>
      ),
  },
  { headerName: 'Responsable', field: 'responsableName', flex: 2, minWidth: 160 },
  { headerName: 'Conjoint', field: 'conjointName', flex: 2, minWidth: 140 },
  { headerName: 'Ville', field: 'city', flex: 1, minWidth: 120 },
  {
    headerName: 'Mobile',
    field: 'mobile',
    width: 150,
    valueFormatter: (p) => (p.value ? formatPhone(String(p.value)) : ''),
  },
  { headerName: 'E-mail', field: 'email', flex: 2, minWidth: 160 },
  { headerName: 'Enfants', field: 'childrenCount', width: 100 },
  {
    headerName: 'Demandes',
    field: 'pendingRequests',
    width: 110,
    valueFormatter: (p) => (p.value ? String(p.value) : ''),
  },
]

/** The Familles list: search, then open a family's file. */
export function FamiliesScreen() {
  const navigate = useNavigate()
  return (
    <SearchListScreen<FamilyListRow>
      title="Familles"
      placeholder="Nom, N° famille, téléphone, e-mail, nom ou identifiant d’un enfant…"
      columns={COLUMNS}
      search={api.families.search}
      rowId={(r) => String(r.id)}
      onOpen={(r) => navigate(`/familles/${r.id}`)}
      noun={['famille', 'familles']}
      archivedNoun={['famille archivée', 'familles archivées']}
      actions={(query) => (
        <Button
          component={Link}
          to={query ? `/import-export?recherche=${encodeURIComponent(query)}` : '/import-export'}
          variant="light"
          leftSection={<IconFileExport size={16} />}
        >
          {query ? 'Exporter cette liste' : 'Exporter toutes les familles'}
        </Button>
      )}
    />
  )
}
