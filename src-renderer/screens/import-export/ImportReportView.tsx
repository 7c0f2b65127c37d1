import { Badge, Group, Stack, Table, Text, Title } from '@mantine/core'
import { CSV_FILE_KEYS, type ImportReport } from '@shared/contract/csv'
import { COUNT_LABELS, FILE_KIND_LABELS, number } from './labels'
import { ProblemsGrid } from './ProblemsGrid'

/** What the files hold and what an import would do: files read, counts to add and change, problems. */
export function ImportReportView({ report }: { report: ImportReport }) {
  const verb = report.written ? ['ajoutés', 'modifiés'] : ['à ajouter', 'à modifier']
  return (
    <Stack>
      <Table withTableBorder verticalSpacing={4} aria-label="Fichiers lus">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Fichier</Table.Th>
            <Table.Th>Contenu</Table.Th>
            <Table.Th ta="right">Lignes</Table.Th>
            <Table.Th>Encodage</Table.Th>
            <Table.Th>Séparateur</Table.Th>
            <Table.Th>Colonnes absentes (laissées telles quelles)</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {report.files.map((file) => (
            <Table.Tr key={file.name}>
              <Table.Td>{file.name}</Table.Td>
              <Table.Td>{FILE_KIND_LABELS[file.kind]}</Table.Td>
              <Table.Td ta="right">{number(file.rows)}</Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{file.encoding || '—'}</Table.Td>
              <Table.Td>{file.separator || '—'}</Table.Td>
              <Table.Td>
                <Text size="xs" c="dimmed" lineClamp={2}>
                  {file.missing.join(', ') || '—'}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Table withTableBorder verticalSpacing={4} maw={720} aria-label="Nombre de fiches">
        <Table.Thead>
          <Table.Tr>
            <Table.Th />
            <Table.Th ta="right">{verb[0][0].toUpperCase() + verb[0].slice(1)}</Table.Th>
            <Table.Th ta="right">{verb[1][0].toUpperCase() + verb[1].slice(1)}</Table.Th>
            <Table.Th ta="right">Inchangés</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {CSV_FILE_KEYS.map((key) => (
            <Table.Tr key={key}>
              <Table.Th>{COUNT_LABELS[key]}</Table.Th>
              <Table.Td ta="right">{number(report.counts[key].added)}</Table.Td>
              <Table.Td ta="right">{number(report.counts[key].changed)}</Table.Td>
              <Table.Td ta="right">{number(report.counts[key].unchanged)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {report.problemCount > 0 && (
        <Stack gap="xs">
          <Group gap="xs">
            <Title order={4}>Problèmes</Title>
            <Badge color="red">{number(report.problemCount)}</Badge>
          </Group>
          <Text size="sm">
            Rien ne sera écrit tant qu’un problème reste : corrigez les fichiers, puis choisissez-les de
            nouveau.
          </Text>
          <ProblemsGrid problems={report.problems} />
        </Stack>
      )}
    </Stack>
  )
}
