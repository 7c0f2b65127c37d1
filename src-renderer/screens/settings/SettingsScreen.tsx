import { Stack, Tabs, Title } from '@mantine/core'
import { hasRole } from '@shared/roles'
import { useSearchParams } from 'react-router'
import { useDocumentTitle } from '../../app/useDocumentTitle'
import { useSession } from '../../auth/session-context'
import { EncryptionPanel } from '../encryption/EncryptionPanel'
import { ServerPanel } from '../server/ServerPanel'
import { AboutPanel } from './AboutPanel'
import { ChangePasswordPanel } from './ChangePasswordPanel'
import { HealthSettingsPanel } from './HealthSettingsPanel'
import { StaffAccountsPanel } from './StaffAccountsPanel'

export function SettingsScreen() {
  useDocumentTitle('Paramètres')
  const { staff } = useSession()
  const isAdmin = hasRole(staff.role, 'administrateur')
  const [params, setParams] = useSearchParams()
  const tab = params.get('onglet') ?? (isAdmin ? 'comptes' : 'mot-de-passe')

  return (
    <Stack h="100%">
      <Title order={2}>Paramètres</Title>
      <Tabs value={tab} onChange={(value) => value && setParams({ onglet: value })} keepMounted={false}>
        <Tabs.List>
          {isAdmin && <Tabs.Tab value="comptes">Comptes du personnel</Tabs.Tab>}
          {isAdmin && <Tabs.Tab value="donnees">Données personnelles</Tabs.Tab>}
          {isAdmin && <Tabs.Tab value="chiffrement">Chiffrement</Tabs.Tab>}
          {isAdmin && <Tabs.Tab value="serveur">Serveur PostgreSQL</Tabs.Tab>}
          <Tabs.Tab value="mot-de-passe">Mon mot de passe</Tabs.Tab>
          <Tabs.Tab value="a-propos">À propos</Tabs.Tab>
        </Tabs.List>
        {isAdmin && (
          <Tabs.Panel value="comptes" pt="md">
            <StaffAccountsPanel />
          </Tabs.Panel>
        )}
        {isAdmin && (
          <Tabs.Panel value="donnees" pt="md">
            <HealthSettingsPanel />
          </Tabs.Panel>
        )}
        {isAdmin && (
          <Tabs.Panel value="chiffrement" pt="md">
            <EncryptionPanel />
          </Tabs.Panel>
        )}
        {isAdmin && (
          <Tabs.Panel value="serveur" pt="md">
            <ServerPanel />
          </Tabs.Panel>
        )}
        <Tabs.Panel value="mot-de-passe" pt="md">
          <ChangePasswordPanel />
        </Tabs.Panel>
        <Tabs.Panel value="a-propos" pt="md">
          <AboutPanel />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  )
}
