import { Alert, Badge, Button, Group, Stack, Text } from '@mantine/core'
import type { StaffAccount } from '@shared/contract/staff'
import { formatInstant } from '@shared/format/date'
import { ROLE_LABELS } from '@shared/roles'
import { IconUserPlus } from '@tabler/icons-react'
import { useQuery } from '@tanstack/react-query'
import type { ColDef } from 'ag-grid-community'
import { useMemo, useState } from 'react'
import { api } from '../../api/client'
import { DataGrid } from '../../grid/DataGrid'
import { CreateStaffModal } from './CreateStaffModal'
import { EditStaffModal } from './EditStaffModal'

export const STAFF_KEY = ['staff', 'list'] as const

export function StaffAccountsPanel() {
  const accounts = useQuery({ queryKey: STAFF_KEY, queryFn: () => api.staff.list({}) })
  const [creating, setCreating] = useState(false)
  const [editing, setEditing] = useState<StaffAccount | null>(null)

  const columns = useMemo<ColDef<StaffAccount>[]>(
    () => [
      { field: 'displayName', headerName: 'Nom affiché', flex: 2 },
      { field: 'login', headerName: 'Identifiant', flex: 1 },
      {
        field: 'role',
        headerName: 'Rôle',
        flex: 1,
        valueFormatter: (p) => (p.value ? ROLE_LABELS[p.value as StaffAccount['role']] : ''),
      },
      {
        headerName: 'État',
        flex: 1,
        valueGetter: (p) =>
          !p.data?.active
            ? 'Désactivé'
            : p.data.locked
              ? 'Verrouillé'
              : p.data.mustChangePassword
                ? 'Actif, mot de passe provisoire'
                : 'Actif',
      },
      {
        field: 'lastLoginAt',
        headerName: 'Dernière connexion',
        flex: 1,
        valueFormatter: (p) => formatInstant(p.value as string | null),
      },
      {
        headerName: '',
        width: 120,
        sortable: false,
        cellRenderer: (p: { data?: StaffAccount }) =>
          p.data && (
            <Button size="compact-xs" variant="light" onClick={() => setEditing(p.data ?? null)}>
              Modifier
            </Button>
          ),
      },
    ],
    [],
  )

  return (
    <Stack>
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          Les agents traitent les demandes ; les responsables voient aussi les données de santé ; les
          administrateurs gèrent les comptes et les paramètres.
        </Text>
        <Button leftSection={<IconUserPlus size={16} />} onClick={() => setCreating(true)}>
          Nouveau compte
        </Button>
      </Group>
      {accounts.isError && <Alert color="red">{accounts.error.message}</Alert>}
      <div style={{ height: 360 }}>
        <DataGrid<StaffAccount>
          rowData={accounts.data ?? []}
          columnDefs={columns}
          loading={accounts.isPending}
          getRowId={(p) => String(p.data.id)}
          onRowDoubleClicked={(e) => e.data && setEditing(e.data)}
          overlayNoRowsTemplate="Aucun compte"
        />
      </div>
      <Group gap="xs">
        <Badge variant="light" color="gray">
          {accounts.data?.length ?? 0} compte(s)
        </Badge>
      </Group>
      <CreateStaffModal opened={creating} onClose={() => setCreating(false)} />
      {editing && <EditStaffModal account={editing} onClose={() => setEditing(null)} />}
    </Stack>
  )
}
