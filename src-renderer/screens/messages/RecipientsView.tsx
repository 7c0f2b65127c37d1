import { Alert, Badge, Paper, ScrollArea, Stack, Table, Text, Title } from '@mantine/core'
import type { RecipientsPreview } from '@shared/contract/messages'
import { channelLabel } from './labels'

/** « Aperçu »: how many messages, to whom, and the text as the first family reads it. */
export function RecipientsView({ preview }: { preview: RecipientsPreview }) {
  return (
    <Stack gap="sm" aria-label="Aperçu des destinataires">
      <Alert color={preview.count > 0 ? 'blue' : 'gray'} role="status">
        {preview.count === 0
          ? 'Aucune famille ne correspond à ces critères.'
          : `${preview.count} message(s) pour ${preview.families} famille(s)${preview.perChild ? ' — un par enfant : le texte utilise les champs de l’enfant' : ''} ; ${preview.letters} par courrier (familles sans adresse e-mail, donc sans portail).`}
      </Alert>
      {preview.addressMissing > 0 && (
        <Alert color="orange" role="alert">
          {`${preview.addressMissing} courrier(s) pour des familles dont l’adresse postale est incomplète (voie ou lieu-dit, code postal, ville) : complétez-la dans le dossier avant d’imprimer.`}
        </Alert>
      )}
      {preview.sample && (
        <Paper withBorder p="sm">
          <Text size="xs" c="dimmed">
            Le message tel que le lira {preview.recipients[0]?.name}
          </Text>
          <Title order={5}>{preview.sample.subject}</Title>
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {preview.sample.body}
          </Text>
        </Paper>
      )}
      {preview.recipients.length > 0 && (
        <ScrollArea.Autosize mah={320}>
          <Table striped withTableBorder aria-label="Destinataires">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>N° famille</Table.Th>
                <Table.Th>Responsable</Table.Th>
                <Table.Th>Enfant</Table.Th>
                <Table.Th>Acheminement</Table.Th>
                <Table.Th>Avis au portail</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {preview.recipients.map((r) => (
                <Table.Tr key={`${r.familyId}-${r.childId ?? 0}`}>
                  <Table.Td>{r.familyNumber}</Table.Td>
                  <Table.Td>{r.name}</Table.Td>
                  <Table.Td>{r.childName ?? '—'}</Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={r.channel === 'courrier' ? 'blue' : 'teal'}>
                      {channelLabel(r.channel)}
                    </Badge>
                    {r.addressMissing && (
                      <Badge variant="outline" color="orange" ml={4}>
                        Adresse incomplète
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>
                    {[r.notifyEmail ? 'courriel' : null, r.notifySms ? 'SMS' : null]
                      .filter(Boolean)
                      .join(', ') || 'aucun'}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea.Autosize>
      )}
      {preview.count > preview.recipients.length && (
        <Text size="xs" c="dimmed">
          Les {preview.recipients.length} premiers sont listés.
        </Text>
      )}
    </Stack>
  )
}
