import { AppShell, Group, Image, Kbd, Menu, NavLink, Text, Title, UnstyledButton } from '@mantine/core'
import { useHotkeys } from '@mantine/hooks'
import { hasRole, ROLE_LABELS } from '@shared/roles'
import { IconChevronDown, IconKey, IconLogout } from '@tabler/icons-react'
import { Link, Outlet, useLocation, useNavigate } from 'react-router'
import { useSession } from '../auth/session-context'
import { useChangesPolling } from '../changes/useChangesPolling'
import { StorageHealthModal } from '../screens/settings/StorageHealthModal'
import { NAV_ITEMS } from './nav'

function isActive(current: string, path: string): boolean {
  return path === '/' ? current === '/' : current === path || current.startsWith(`${path}/`)
}

/** The digit of the sidebar's i-th screen: 1 … 9, then 0 for the tenth; none after. */
const navDigit = (i: number): number | null => (i < 9 ? i + 1 : i === 9 ? 0 : null)

export function AppLayout() {
  const { staff, signOut } = useSession()
  const location = useLocation()
  const navigate = useNavigate()
  // Other desktops' changes refresh the queue, the counts and the open files (docs/architecture.md).
  useChangesPolling()
  const items = NAV_ITEMS.filter((item) => !item.minRole || hasRole(staff.role, item.minRole))
  // The physical key (event.code Digit1…): on a French AZERTY keyboard Alt+1 sends the key "&".
  // Also from inside a text field: the empty list of ignored tags.
  useHotkeys(
    items.flatMap((item, i) =>
      navDigit(i) === null
        ? []
        : [[`alt+digit${navDigit(i)}`, () => navigate(item.path), { usePhysicalKeys: true }] as const],
    ),
    [],
  )

  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 260, breakpoint: 0 }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between">
          <Group gap="xs">
            <Image src="./icon.png" w={30} h={30} alt="" />
            <Title order={3}>Marelle</Title>
          </Group>
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <UnstyledButton aria-label="Mon compte">
                <Group gap={6}>
                  <div style={{ textAlign: 'right' }}>
                    <Text size="sm" fw={500}>
                      {staff.displayName}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {ROLE_LABELS[staff.role]}
                    </Text>
                  </div>
                  <IconChevronDown size={16} />
                </Group>
              </UnstyledButton>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item
                leftSection={<IconKey size={16} />}
                onClick={() => navigate('/parametres?onglet=mot-de-passe')}
              >
                Changer mon mot de passe
              </Menu.Item>
              <Menu.Item leftSection={<IconLogout size={16} />} onClick={() => void signOut()}>
                Se déconnecter
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Navigation principale">
        {items.map((item, i) => (
          <NavLink
            key={item.path}
            component={Link}
            to={item.path}
            label={item.label}
            leftSection={<item.icon size={18} stroke={1.6} />}
            rightSection={
              navDigit(i) === null ? undefined : (
                <Kbd size="xs" c="dimmed">
                  Alt+{navDigit(i)}
                </Kbd>
              )
            }
            active={isActive(location.pathname, item.path)}
            aria-current={isActive(location.pathname, item.path) ? 'page' : undefined}
          />
        ))}
      </AppShell.Navbar>
      <AppShell.Main bg="gray.0">
        <Outlet />
        <StorageHealthModal />
      </AppShell.Main>
    </AppShell>
  )
}
