import { Alert, Button, Group, Select, Stack, Table, Title } from '@mantine/core'
import type { SepaBatchView } from '@shared/contract/billing'
import { formatEuros } from '@shared/domain/billing'
import { useState } from 'react'
import { api } from '../../api/client'
import { DayField } from '../../fields/DayField'
import { download } from '../lists/files'

/** « Prélèvements SEPA »: the batch of a collection date, its exclusions with their reason, the pain.008 file. */
export function SepaPanel() {
  const [date, setDate] = useState('')
  const [version, setVersion] = useState<'02' | '08'>('08')
  const [batch, setBatch] = useState<SepaBatchView | null>(null)
  const [error, setError] = useState<string | null>(null)
  const act = async (exporting: boolean) => {
    setError(null)
    try {
      const view = exporting
        ? await api.billing.sepaExport({ collectionDate: date, version })
        : await api.billing.sepaPreview({ collectionDate: date, version })
      setBatch(view)
      if (view.base64 && view.fileName) download(view.fileName, view.base64, 'application/xml')
    } catch (e) {
      setError((e as Error).message)
    }
  }
  return (
    <Stack>
      <Group align="end">
        <DayField label="Date de prélèvement" value={date} onChange={(v) => setDate(v ?? '')} w={200} />
        <Select
          label="Version"
          data={[
            { value: '08', label: 'pain.008.001.08' },
            { value: '02', label: 'pain.008.001.02' },
          ]}
          value={version}
          onChange={(v) => setVersion(v === '02' ? '02' : '08')}
          allowDeselect={false}
          w={180}
        />
        <Button variant="light" onClick={() => act(false)}>
          Aperçu du lot
        </Button>
        <Button onClick={() => act(true)}>Créer le lot et le fichier</Button>
      </Group>
      {error && (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      )}
      {batch && (
        <Stack>
          <Alert color={batch.batchId ? 'green' : 'blue'}>
            {batch.nbOfTxs} prélèvement(s) pour {formatEuros(batch.ctrlSumCents)}
            {batch.fileName ? ` : fichier ${batch.fileName} enregistré` : ' (aperçu)'}.
          </Alert>
          <Table striped withTableBorder aria-label="Prélèvements du lot">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Famille</Table.Th>
                <Table.Th>Facture</Table.Th>
                <Table.Th>Séquence</Table.Th>
                <Table.Th ta="right">Montant</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {batch.transactions.slice(0, 300).map((t) => (
                <Table.Tr key={t.invoiceNumber}>
                  <Table.Td>
                    {t.familyNumber} {t.familyName}
                  </Table.Td>
                  <Table.Td>{t.invoiceNumber}</Table.Td>
                  <Table.Td>{t.sequence === 'FRST' ? 'Premier (FRST)' : 'Récurrent (RCUR)'}</Table.Td>
                  <Table.Td ta="right">{formatEuros(t.amountCents)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {batch.excluded.length > 0 && (
            <>
              <Title order={4}>Écartées ({batch.excluded.length})</Title>
              <Table withTableBorder aria-label="Factures écartées">
                <Table.Tbody>
                  {batch.excluded.map((e) => (
                    <Table.Tr key={`${e.familyNumber}-${e.invoiceNumber}`}>
                      <Table.Td>
                        {e.familyNumber} {e.familyName}
                      </Table.Td>
                      <Table.Td>{e.invoiceNumber}</Table.Td>
                      <Table.Td>{e.reason}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </>
          )}
        </Stack>
      )}
    </Stack>
  )
}
