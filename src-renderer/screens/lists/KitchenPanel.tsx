import { Alert, Badge, Button, Group, Paper, Stack, Table, Text, Title } from '@mantine/core'
import type { KitchenCount, KitchenDay } from '@shared/contract/lists'
import { DIETS } from '@shared/domain/health'
import { formatDay, formatInstant } from '@shared/format/date'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api } from '../../api/client'
import { listKeys } from './keys'

const DIET_COLUMNS = [
  { value: 'standard', label: 'Standard' },
  ...DIETS.filter((d) => d.value !== 'panier_repas'),
]

function Changes({ day }: { day: KitchenDay }) {
  const c = day.changesSinceSent
  if (!day.lastSentAt || !c) return null
  const none = c.added.length + c.removed.length + c.changed.length === 0
  return (
    <Text size="xs" c={none ? 'dimmed' : 'orange.8'} fw={none ? 400 : 600}>
      Envoyée le {formatInstant(day.lastSentAt)}
      {none
        ? ' : rien n’a changé depuis.'
        : ` ; depuis : ${[
            c.added.length ? `en plus ${c.added.join(', ')}` : '',
            c.removed.length ? `en moins ${c.removed.join(', ')}` : '',
            c.changed.length ? `régime ou allergies changés : ${c.changed.join(', ')}` : '',
          ]
            .filter(Boolean)
            .join(' ; ')}`}
    </Text>
  )
}

/** The kitchen's counts over the chosen days: meals by diet, packed meals, allergens with who. */
export function KitchenPanel({ count }: { count: KitchenCount }) {
  const queryClient = useQueryClient()
  const send = useMutation({
    mutationFn: (day: KitchenDay) => api.lists.kitchenSent({ serviceId: day.serviceId, date: day.date }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: listKeys.all }),
  })
  if (count.days.length === 0)
    return <Alert color="gray">Cette structure n’a pas de service de restauration.</Alert>
  return (
    <Stack gap="sm">
      {!count.healthShown && (
        <Alert color="gray">
          Régimes et allergies ne sont pas affichés : votre rôle ne permet pas de voir les données de santé.
        </Alert>
      )}
      {send.isError && <Alert color="red">{send.error.message}</Alert>}
      <Table withTableBorder striped aria-label="Repas par régime">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Jour</Table.Th>
            <Table.Th>Service</Table.Th>
            <Table.Th ta="right">Total</Table.Th>
            {count.healthShown &&
              DIET_COLUMNS.map((d) => (
                <Table.Th key={d.value} ta="right">
                  {d.label}
                </Table.Th>
              ))}
            {count.healthShown && <Table.Th ta="right">Paniers-repas (PAI)</Table.Th>}
            <Table.Th className="no-print">Commande</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {count.days.map((d) => (
            <Table.Tr key={`${d.date}-${d.serviceId}`}>
              <Table.Td>{formatDay(d.date)}</Table.Td>
              <Table.Td>{d.service}</Table.Td>
              <Table.Td ta="right" fw={700}>
                {d.total}
              </Table.Td>
              {count.healthShown &&
                DIET_COLUMNS.map((diet) => (
                  <Table.Td key={diet.value} ta="right">
                    {d.byDiet[diet.value] ?? 0}
                  </Table.Td>
                ))}
              {count.healthShown && <Table.Td ta="right">{d.packedMeals}</Table.Td>}
              <Table.Td className="no-print">
                <Group gap={4}>
                  <Button
                    size="compact-xs"
                    variant="light"
                    disabled={d.total === 0}
                    onClick={() => send.mutate(d)}
                  >
                    Marquer envoyée à la cuisine
                  </Button>
                </Group>
                <Changes day={d} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {count.healthShown && (
        <Paper withBorder p="sm">
          <Title order={3} size="h5" mb="xs">
            Allergènes (règlement UE 1169/2011)
          </Title>
          {count.days
            .filter((d) => d.byAllergen.some((a) => a.count > 0))
            .map((d) => (
              <Stack key={`${d.date}-${d.serviceId}`} gap={2} mb="xs">
                <Text size="sm" fw={600}>
                  {formatDay(d.date)} · {d.service}
                </Text>
                {d.byAllergen
                  .filter((a) => a.count > 0)
                  .map((a) => (
                    <Text key={a.allergen} size="sm">
                      <Badge color="red" variant="outline" mr={6}>
                        {a.label} : {a.count}
                      </Badge>
                      {a.children
                        .map((c) => `${c.lastName} ${c.firstName}${c.classLevel ? ` (${c.classLevel})` : ''}`)
                        .join(', ')}
                    </Text>
                  ))}
              </Stack>
            ))}
          {count.days.every((d) => d.byAllergen.every((a) => a.count === 0)) && (
            <Text size="sm" c="dimmed">
              Aucun enfant allergique attendu sur la période.
            </Text>
          )}
        </Paper>
      )}
    </Stack>
  )
}
