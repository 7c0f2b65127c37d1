import { Badge, Button, Group, Paper, Select, Stack, Table, Text, Title } from '@mantine/core'
import type { ForeignFileView, MappingTarget } from '@shared/contract/csv'
import { useMemo, useState } from 'react'

/**
 * The columns of another software's file, each with the column of Marelle
 * it stands for: proposed from its name (or the mapping saved for the same
 * headers), corrected by staff, then sent with the preview and saved.
 */
export function MappingStep({
  file,
  targets,
  onConfirm,
}: {
  file: ForeignFileView
  targets: MappingTarget[]
  onConfirm(targets: (string | null)[]): void
}) {
  const [chosen, setChosen] = useState(file.proposal)
  const data = useMemo(() => {
    const groups = [...new Set(targets.map((t) => t.group))]
    return groups.map((group) => ({
      group,
      items: targets.filter((t) => t.group === group).map((t) => ({ value: t.value, label: t.label })),
    }))
  }, [targets])
  const taken = (value: string, index: number) => chosen.some((c, i) => c === value && i !== index)
  return (
    <Paper withBorder p="md">
      <Stack>
        <Group justify="space-between">
          <Title order={4}>Correspondance des colonnes : {file.name}</Title>
          {file.confirmed ? (
            <Badge color="teal" variant="light">
              {file.saved ? 'Correspondance enregistrée' : 'Correspondance validée'}
            </Badge>
          ) : (
            <Badge color="orange" variant="light">
              À vérifier
            </Badge>
          )}
        </Group>
        <Text size="sm" c="dimmed">
          Ce fichier vient d’un autre logiciel : dites à quelle colonne de Marelle correspond chacune de ses
          colonnes (laissez vide pour ignorer une colonne). Une ligne par enfant, avec sa famille et ses
          parents, convient.
        </Text>
        <Table withTableBorder verticalSpacing={4} aria-label={`Correspondance des colonnes de ${file.name}`}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th w="28%">Colonne du fichier</Table.Th>
              <Table.Th w="30%">Exemples</Table.Th>
              <Table.Th>Colonne de Marelle</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {file.headers.map((header, i) => (
              <Table.Tr key={header}>
                <Table.Td>
                  <Text size="sm" fw={500}>
                    {header}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="xs" c="dimmed" lineClamp={2}>
                    {[...new Set(file.sample.map((row) => row[i]).filter((v) => v !== ''))]
                      .slice(0, 3)
                      .join(' · ')}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Select
                    size="xs"
                    aria-label={`Colonne de Marelle pour « ${header} »`}
                    placeholder="Ignorer cette colonne"
                    data={data.map((g) => ({
                      ...g,
                      items: g.items.map((item) => ({ ...item, disabled: taken(item.value, i) })),
                    }))}
                    value={chosen[i] ?? null}
                    onChange={(value) => setChosen(chosen.map((c, j) => (j === i ? value : c)))}
                    searchable
                    clearable
                    nothingFoundMessage="Aucune colonne"
                    comboboxProps={{ withinPortal: true }}
                  />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <Group>
          <Button variant={file.confirmed ? 'default' : 'filled'} onClick={() => onConfirm(chosen)}>
            Valider la correspondance
          </Button>
        </Group>
      </Stack>
    </Paper>
  )
}
