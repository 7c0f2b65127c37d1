import { Stack, Tabs, Title } from '@mantine/core'
import { useDocumentTitle } from '../../app/useDocumentTitle'
import { RunPanel } from './RunPanel'
import { SepaPanel } from './SepaPanel'
import { StatementPanel } from './StatementPanel'
import { TariffsPanel } from './TariffsPanel'

/** Facturation (docs/facturation.md): the month's run, the relevé de compte and payments, SEPA debits, tariffs. */
export function BillingScreen() {
  useDocumentTitle('Facturation')
  return (
    <Stack>
      <Title order={2}>Facturation</Title>
      <Tabs defaultValue="run" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="run">Facturation du mois</Tabs.Tab>
          <Tabs.Tab value="statement">Relevé de compte et paiements</Tabs.Tab>
          <Tabs.Tab value="sepa">Prélèvements SEPA</Tabs.Tab>
          <Tabs.Tab value="tariffs">Tarifs et paramètres</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="run" pt="md">
          <RunPanel />
        </Tabs.Panel>
        <Tabs.Panel value="statement" pt="md">
          <StatementPanel />
        </Tabs.Panel>
        <Tabs.Panel value="sepa" pt="md">
          <SepaPanel />
        </Tabs.Panel>
        <Tabs.Panel value="tariffs" pt="md">
          <TariffsPanel />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  )
}
