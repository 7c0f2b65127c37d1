import { Alert, Button, Group, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core'
import type { InvoiceView, StatementView } from '@shared/contract/billing'
import { formatEuros, PAYMENT_MODES, parseEuros } from '@shared/domain/billing'
import { formatDay } from '@shared/format/date'
import { useState } from 'react'
import { api } from '../../api/client'
import { DayField } from '../../fields/DayField'
import { PdfButton } from './PdfButton'
import { InvoiceCard } from './RunPanel'

const today = () => new Date().toISOString().slice(0, 10)

/** « Relevé de compte »: a family's invoices, payments and credits with the running balance; recording a payment. */
export function StatementPanel() {
  const [number, setNumber] = useState('')
  const [view, setView] = useState<StatementView | null>(null)
  const [invoices, setInvoices] = useState<InvoiceView[]>([])
  const [error, setError] = useState<string | null>(null)
  const [amount, setAmount] = useState('')
  const [mode, setMode] = useState<string>('especes')
  const [paidOn, setPaidOn] = useState(today())
  const [reference, setReference] = useState('')
  const load = async (familyId?: number) => {
    setError(null)
    try {
      const id = familyId ?? (await api.billing.family({ number })).familyId
      setView(await api.billing.statement({ familyId: id }))
      setInvoices(await api.billing.invoices({ familyId: id }))
    } catch (e) {
      setError((e as Error).message)
    }
  }
  const pay = async () => {
    if (!view) return
    setError(null)
    const cents = parseEuros(amount)
    if (cents === null || cents <= 0) {
      setError('Montant : indiquez un montant en euros, par exemple 20,00.')
      return
    }
    try {
      await api.billing.payment({
        familyId: view.familyId,
        mode: mode as never,
        paidOn,
        amountCents: cents,
        reference,
      })
      setAmount('')
      setReference('')
      await load(view.familyId)
    } catch (e) {
      setError((e as Error).message)
    }
  }
  return (
    <Stack>
      <Group align="end">
        <TextInput
          label="N° famille"
          value={number}
          onChange={(e) => setNumber(e.currentTarget.value)}
          onKeyDown={(e) => e.key === 'Enter' && load()}
          w={220}
        />
        <Button onClick={() => load()}>Afficher le relevé</Button>
      </Group>
      {error && (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      )}
      {view && (
        <Stack>
          <Group justify="space-between">
            <Title order={3}>
              Relevé de compte — famille {view.familyNumber} {view.familyName}
            </Title>
            <PdfButton
              label="Relevé de compte (PDF)"
              fetchFile={() => api.billing.statementFile({ familyId: view.familyId })}
            />
          </Group>
          <Text>
            Prélèvement : {view.directDebit ? 'Oui' : 'Non'} — au {formatDay(view.at)},{' '}
            {view.balanceCents < 0 ? 'avoir de ' : 'reste à payer : '}
            <b>{formatEuros(Math.abs(view.balanceCents))}</b>
          </Text>
          <Table striped withTableBorder aria-label="Relevé de compte">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Date</Table.Th>
                <Table.Th>Opération</Table.Th>
                <Table.Th>Référence</Table.Th>
                <Table.Th ta="right">Débit</Table.Th>
                <Table.Th ta="right">Crédit</Table.Th>
                <Table.Th ta="right">Solde</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {view.entries.map((e) => (
                <Table.Tr key={`${e.kind}-${e.reference}-${e.date}-${e.balanceCents}`}>
                  <Table.Td>{formatDay(e.date)}</Table.Td>
                  <Table.Td>{e.label}</Table.Td>
                  <Table.Td>{e.reference}</Table.Td>
                  <Table.Td ta="right">{e.debitCents ? formatEuros(e.debitCents) : ''}</Table.Td>
                  <Table.Td ta="right">{e.creditCents ? formatEuros(e.creditCents) : ''}</Table.Td>
                  <Table.Td ta="right">{formatEuros(e.balanceCents)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Title order={4}>Enregistrer un paiement</Title>
          <Group align="end">
            <TextInput
              label="Montant (€)"
              value={amount}
              onChange={(e) => setAmount(e.currentTarget.value)}
              w={120}
            />
            <Select
              label="Mode"
              data={PAYMENT_MODES.map((m) => ({ value: m.value, label: m.label }))}
              value={mode}
              onChange={(v) => setMode(v ?? 'especes')}
              allowDeselect={false}
              w={180}
            />
            <DayField label="Date" value={paidOn} onChange={(v) => setPaidOn(v ?? '')} w={170} />
            <TextInput
              label="Référence"
              value={reference}
              onChange={(e) => setReference(e.currentTarget.value)}
              w={200}
            />
            <Button onClick={pay}>Enregistrer le paiement</Button>
          </Group>
          <Title order={4}>Factures</Title>
          {[...invoices].reverse().map((i) => (
            <InvoiceCard key={i.invoiceId} invoice={i} />
          ))}
        </Stack>
      )}
    </Stack>
  )
}
