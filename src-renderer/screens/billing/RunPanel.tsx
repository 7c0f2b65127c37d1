import { Alert, Badge, Button, Group, Pagination, Stack, Table, Text, TextInput, Title } from '@mantine/core'
import type { BillingRunView, InvoiceView } from '@shared/contract/billing'
import { formatEuros } from '@shared/domain/billing'
import { formatDay } from '@shared/format/date'
import { useMemo, useState } from 'react'
import { api } from '../../api/client'
import { DayField } from '../../fields/DayField'
import { MonthField } from '../../fields/MonthField'
import { PdfButton } from './PdfButton'

const thisMonth = () => new Date().toISOString().slice(0, 7)
const lastMonth = () => {
  const d = new Date()
  d.setUTCDate(1)
  d.setUTCMonth(d.getUTCMonth() - 1)
  return d.toISOString().slice(0, 7)
}

/** « Facturation du mois »: the preview of every family's invoice and the blocked families, then issuing. */
export function RunPanel() {
  const [month, setMonth] = useState(lastMonth())
  const [run, setRun] = useState<BillingRunView | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState<string | null>(null)
  const [from, setFrom] = useState(`${thisMonth()}-01`)
  const [to, setTo] = useState(new Date().toISOString().slice(0, 10))
  const act = async (what: 'preview' | 'issue') => {
    setBusy(what)
    setError(null)
    try {
      setRun(what === 'preview' ? await api.billing.preview({ month }) : await api.billing.issue({ month }))
    } catch (e) {
      setError((e as Error).message)
    } finally {
      setBusy(null)
    }
  }
  const blockedFamilies = run ? new Set(run.blocked.map((b) => b.familyId)).size : 0
  return (
    <Stack>
      <Group align="end">
        <MonthField label="Mois" value={month} onChange={setMonth} w={200} />
        <Button variant="light" loading={busy === 'preview'} onClick={() => act('preview')}>
          Aperçu
        </Button>
        <Button
          loading={busy === 'issue'}
          onClick={() => act('issue')}
          disabled={!run || run.issued || run.invoices.length === 0}
        >
          Émettre les factures
        </Button>
      </Group>
      {error && (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      )}
      {run && (
        <Stack>
          <Alert
            color={run.issued ? 'green' : 'blue'}
            title={run.issued ? 'Factures émises' : 'Aperçu : rien n’est encore émis'}
          >
            {run.invoices.length} facture(s) pour {formatEuros(run.totalCents)}
            {run.alreadyIssued > 0 &&
              ` ; ${run.alreadyIssued} famille(s) déjà facturée(s) ce mois, rien de nouveau pour elles`}
            {blockedFamilies > 0 && ` ; ${blockedFamilies} famille(s) bloquée(s)`}.
          </Alert>
          {run.blocked.length > 0 && (
            <Stack gap="xs">
              <Title order={3}>Familles bloquées : à régler dans l’agenda avant de facturer</Title>
              <Table striped withTableBorder aria-label="Familles bloquées">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Famille</Table.Th>
                    <Table.Th>Enfant</Table.Th>
                    <Table.Th>Service</Table.Th>
                    <Table.Th>Jour</Table.Th>
                    <Table.Th>État</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {run.blocked.map((b) => (
                    <Table.Tr key={`${b.familyId}-${b.childIdentifier}-${b.serviceCode}-${b.date}`}>
                      <Table.Td>
                        {b.familyNumber} {b.familyName}
                      </Table.Td>
                      <Table.Td>{b.childName}</Table.Td>
                      <Table.Td>{b.serviceName}</Table.Td>
                      <Table.Td>{formatDay(b.date)}</Table.Td>
                      <Table.Td>{b.stateLabel}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Stack>
          )}
          <Title order={3}>Factures</Title>
          <InvoicePages invoices={run.invoices} />
        </Stack>
      )}
      <Title order={3}>Journal de la régie</Title>
      <Group align="end">
        <DayField label="Du" value={from} onChange={(v) => setFrom(v ?? '')} w={170} />
        <DayField label="Au" value={to} onChange={(v) => setTo(v ?? '')} w={170} />
        <PdfButton
          label="Journal de la régie (PDF)"
          fetchFile={() => api.billing.journalFile({ from, to })}
        />
      </Group>
    </Stack>
  )
}

const PAGE_SIZE = 50

/** The run's invoices, found by family number or name, a page at a time. */
function InvoicePages({ invoices }: { invoices: InvoiceView[] }) {
  const [filter, setFilter] = useState('')
  const [page, setPage] = useState(1)
  const found = useMemo(() => {
    const wanted = filter.trim().toLocaleLowerCase('fr')
    if (wanted === '') return invoices
    return invoices.filter(
      (i) => i.familyNumber.includes(wanted) || i.familyName.toLocaleLowerCase('fr').includes(wanted),
    )
  }, [invoices, filter])
  const pages = Math.max(1, Math.ceil(found.length / PAGE_SIZE))
  const shown = Math.min(page, pages)
  return (
    <Stack>
      <Group align="end">
        <TextInput
          label="Chercher une famille (N° ou nom)"
          value={filter}
          onChange={(e) => {
            setFilter(e.currentTarget.value)
            setPage(1)
          }}
          w={300}
        />
        <Text c="dimmed">
          {found.length === invoices.length
            ? `${invoices.length} facture(s)`
            : `${found.length} facture(s) sur ${invoices.length}`}
        </Text>
        {pages > 1 && <Pagination size="sm" total={pages} value={shown} onChange={setPage} />}
      </Group>
      {found.slice((shown - 1) * PAGE_SIZE, shown * PAGE_SIZE).map((i) => (
        <InvoiceCard key={i.familyId} invoice={i} />
      ))}
    </Stack>
  )
}

export function InvoiceCard({ invoice }: { invoice: InvoiceView }) {
  return (
    <Stack gap={4} p="xs" style={{ border: '1px solid var(--mantine-color-gray-4)', borderRadius: 4 }}>
      <Group justify="space-between">
        <Text fw={700}>
          {invoice.number ?? 'Aperçu'} — famille {invoice.familyNumber} {invoice.familyName}
        </Text>
        <Group gap="xs">
          {invoice.status === 'annulee' && <Badge color="gray">Annulée</Badge>}
          {invoice.debitOn && <Badge variant="outline">Prélèvement le {formatDay(invoice.debitOn)}</Badge>}
          <Text fw={700}>{formatEuros(invoice.totalCents)}</Text>
          {invoice.invoiceId !== null && (
            <PdfButton
              label="Facture PDF"
              fetchFile={() => api.billing.invoiceFile({ invoiceId: invoice.invoiceId as number })}
            />
          )}
        </Group>
      </Group>
      {invoice.note && <Text size="sm">{invoice.note}</Text>}
      <Table withTableBorder aria-label={`Lignes de la facture de la famille ${invoice.familyNumber}`}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Enfant</Table.Th>
            <Table.Th>Prestation</Table.Th>
            <Table.Th>QF / tranche</Table.Th>
            <Table.Th ta="right">Quantité</Table.Th>
            <Table.Th ta="right">Prix unitaire</Table.Th>
            <Table.Th ta="right">Montant</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {invoice.lines.map((l) => (
            <Table.Tr
              key={`${l.childId}-${l.serviceId}-${l.state}-${l.unitCents}-${l.period}-${l.kind}-${l.qf}`}
            >
              <Table.Td>{l.childName}</Table.Td>
              <Table.Td>{l.label}</Table.Td>
              <Table.Td>
                {l.bracket === null ? '' : `${l.qf === null ? 'QF inconnu' : `QF ${l.qf}`} · ${l.bracket}`}
              </Table.Td>
              <Table.Td ta="right">{l.quantity}</Table.Td>
              <Table.Td ta="right">{formatEuros(l.unitCents)}</Table.Td>
              <Table.Td ta="right">{formatEuros(l.amountCents)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  )
}
