import { Alert, Anchor, Group, Loader, Select, Stack, Text } from '@mantine/core'
import { dayInFrance, formatDay } from '@shared/format/date'
import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { Link, useSearchParams } from 'react-router'
import { api } from '../../api/client'
import { ActionModal, type ActionTarget } from './ActionModal'
import { AgendaGrid, AgendaKeysHelp, type GridRow } from './AgendaGrid'
import { AgendaLegend } from './AgendaLegend'
import { MonthNav, useMonth } from './MonthNav'
import { monthDays, shiftMonth } from './month'

/** Which service is shown, kept in the address (?service=12). */
function useServiceId(): [number | null, (id: number) => void] {
  const [params, setParams] = useSearchParams()
  const id = Number(params.get('service'))
  return [
    Number.isInteger(id) && id > 0 ? id : null,
    (next) =>
      setParams((prev) => {
        const copy = new URLSearchParams(prev)
        copy.set('service', String(next))
        return copy
      }),
  ]
}

function ServiceMonth({
  serviceId,
  month,
  setMonth,
}: {
  serviceId: number
  month: string
  setMonth(m: string): void
}) {
  const [target, setTarget] = useState<ActionTarget | null>(null)
  const view = useQuery({
    queryKey: ['agenda-service', serviceId, month],
    queryFn: () => api.agenda.service({ serviceId, month }),
  })
  if (view.isPending) return <Loader size="sm" />
  if (view.isError) return <Alert color="red">{view.error.message}</Alert>
  const v = view.data
  const rows: GridRow[] = v.rows.map((r) => ({
    key: String(r.childId),
    labels: [
      <Anchor key="name" component={Link} to={`/enfants/${r.childId}?onglet=agenda&mois=${month}`} size="xs">
        {r.lastName} {r.firstName}
      </Anchor>,
    ],
    name: `${r.lastName} ${r.firstName}`,
    cells: r.cells,
  }))
  return (
    <Stack gap="sm">
      <Group gap="sm">
        <Text size="sm" c="dimmed">
          {v.structureName} · réservation : {v.bookingDeadline} · annulation : {v.cancelDeadline}
        </Text>
        <Anchor
          component={Link}
          size="sm"
          to={`/journee?structure=${v.structureId}&service=${serviceId}&jour=${dayInFrance(new Date()).startsWith(month) ? dayInFrance(new Date()) : `${month}-01`}`}
        >
          Liste du jour et pointage
        </Anchor>
      </Group>
      {v.notices.map((n) => (
        <Alert key={n} color="yellow" title="Vacances scolaires non connues">
          {n}
        </Alert>
      ))}
      {rows.length === 0 ? (
        <Text c="dimmed">Aucun enfant inscrit à ce service ce mois-ci.</Text>
      ) : (
        <AgendaGrid
          caption={`${v.serviceName} : ${monthDays(month).length} jours, ${rows.length} enfants`}
          heads={['Enfant']}
          days={monthDays(month)}
          rows={rows}
          summary={{
            label: 'Attendus / places',
            cells: v.days.map((d) => ({
              text: d.open
                ? d.capacity === null
                  ? String(d.expected)
                  : `${d.expected}\n/${d.capacity}`
                : '',
              over: d.capacity !== null && d.expected > d.capacity,
              title: `${formatDay(d.date)} : ${d.open ? `${d.expected} enfant(s) attendu(s)${d.capacity === null ? '' : ` pour ${d.capacity} places`}` : (d.calendarLabel ?? 'service fermé')}`,
            })),
          }}
          onMonth={(by) => setMonth(shiftMonth(month, by))}
          onAction={(row, dates, action) =>
            setTarget({
              childId: Number(row.key),
              familyId: null,
              serviceId,
              title: `${v.serviceName} · ${row.name}`,
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

/** Calendrier → Agenda d’un service: every child enrolled in one service, and per day the number expected against the capacity. */
export function ServiceMonthPanel() {
  const [month, setMonth] = useMonth(dayInFrance(new Date()).slice(0, 7))
  const [serviceId, setServiceId] = useServiceId()
  const structures = useQuery({
    queryKey: ['calendar', 'structures'],
    queryFn: () => api.calendar.structures({}),
  })
  const options =
    structures.data?.map((s) => ({
      group: s.name,
      items: s.services
        .filter((x) => x.active)
        .map((x) => ({ value: String(x.id), label: `${x.name} (${x.code})` })),
    })) ?? []
  return (
    <Stack gap="sm">
      <Group align="flex-end">
        <Select
          label="Service"
          placeholder="Choisissez un service"
          data={options}
          value={serviceId === null ? null : String(serviceId)}
          onChange={(v) => v && setServiceId(Number(v))}
          searchable
          w={360}
        />
        <MonthNav month={month} onChange={setMonth} />
      </Group>
      {serviceId === null ? (
        <Text c="dimmed">Choisissez un service pour voir son mois.</Text>
      ) : (
        <ServiceMonth serviceId={serviceId} month={month} setMonth={setMonth} />
      )}
    </Stack>
  )
}
