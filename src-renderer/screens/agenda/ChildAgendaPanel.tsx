import { Alert, Loader, Stack, Text } from '@mantine/core'
import type { ChildFile } from '@shared/contract/children'
import { dayInFrance } from '@shared/format/date'
import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { api } from '../../api/client'
import { ActionModal, type ActionTarget } from './ActionModal'
import { AgendaGrid, AgendaKeysHelp, type GridRow } from './AgendaGrid'
import { AgendaLegend } from './AgendaLegend'
import { MonthNav, useMonth } from './MonthNav'
import { monthDays, shiftMonth } from './month'

export const childAgendaKey = (childId: number, month: string) => ['child', childId, 'agenda', month] as const

/**
 * The child's month as the portal's « Mes enfants » shows it: one row per
 * service (structure and service), one column per day, the legend below.
 */
export function ChildAgendaPanel({ child }: { child: ChildFile }) {
  const [month, setMonth] = useMonth(dayInFrance(new Date()).slice(0, 7))
  const [target, setTarget] = useState<ActionTarget | null>(null)
  const view = useQuery({
    queryKey: childAgendaKey(child.id, month),
    queryFn: () => api.agenda.child({ childId: child.id, month }),
  })
  const rows: GridRow[] =
    view.data?.rows.map((r) => ({
      key: String(r.serviceId),
      labels: [r.structureName, r.serviceName],
      name: r.serviceName,
      cells: r.cells,
    })) ?? []
  return (
    <Stack gap="sm">
      <MonthNav month={month} onChange={setMonth} />
      {view.data?.notices.map((n) => (
        <Alert key={n} color="yellow" title="Vacances scolaires non connues">
          {n}
        </Alert>
      ))}
      {view.isPending && <Loader size="sm" />}
      {view.isError && <Alert color="red">{view.error.message}</Alert>}
      {view.data && rows.length === 0 && (
        <Text c="dimmed">
          L’enfant n’est inscrit à aucun service ce mois-ci : ajoutez une inscription dans l’onglet
          Inscriptions.
        </Text>
      )}
      {rows.length > 0 && (
        <AgendaGrid
          caption={`Agenda de ${child.values.prenom} ${child.values.nom}`}
          heads={['Structure', 'Service']}
          days={monthDays(month)}
          rows={rows}
          onMonth={(by) => setMonth(shiftMonth(month, by))}
          onAction={(row, dates, action) =>
            setTarget({
              childId: child.id,
              familyId: child.familyId,
              serviceId: Number(row.key),
              title: `${row.name} · ${child.values.nom} ${child.values.prenom}`,
              dates,
              action,
            })
          }
        />
      )}
      <AgendaKeysHelp />
      <AgendaLegend />
      <ActionModal target={target} onClose={() => setTarget(null)} />
    </Stack>
  )
}
