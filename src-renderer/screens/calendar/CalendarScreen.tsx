import { Stack, Tabs, Title } from '@mantine/core'
import { useSearchParams } from 'react-router'
import { useDocumentTitle } from '../../app/useDocumentTitle'
import { MissingHolidaysAlert } from './MissingHolidaysAlert'
import { CALENDAR_TABS } from './tabs'

/** Calendrier: structures and services, school holidays, closures and openings (docs/calendrier.md). */
export function CalendarScreen() {
  useDocumentTitle('Calendrier')
  const [params, setParams] = useSearchParams()
  const tab = CALENDAR_TABS.some((t) => t.value === params.get('onglet'))
    ? (params.get('onglet') as string)
    : CALENDAR_TABS[0].value
  return (
    <Stack h="100%">
      <Title order={2}>Calendrier</Title>
      <MissingHolidaysAlert />
      <Tabs value={tab} onChange={(value) => value && setParams({ onglet: value })} keepMounted={false}>
        <Tabs.List>
          {CALENDAR_TABS.map((t) => (
            <Tabs.Tab key={t.value} value={t.value}>
              {t.label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {CALENDAR_TABS.map((t) => (
          <Tabs.Panel key={t.value} value={t.value} pt="md">
            {t.render()}
          </Tabs.Panel>
        ))}
      </Tabs>
    </Stack>
  )
}
