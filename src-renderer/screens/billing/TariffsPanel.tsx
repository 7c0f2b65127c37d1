import {
  Alert,
  Button,
  Checkbox,
  Group,
  NumberInput,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core'
import type { BillingSettings, TariffView } from '@shared/contract/billing'
import { bracketLabel, formatEuros, parseEuros, TARIFF_UNITS, type TariffUnit } from '@shared/domain/billing'
import { formatDay } from '@shared/format/date'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useEffect, useState } from 'react'
import { api } from '../../api/client'
import { DayField } from '../../fields/DayField'

// Paramètres → Tarifs and the régie / SEPA creditor settings, under the
// Facturation screen (docs/facturation.md). Brackets are typed as
// « 0 = 1,00 ; 500 = 2,10 ; … » and checked by the same rules as the back-end.

function parseBrackets(text: string): { qfMin: number; priceCents: number }[] | null {
  const parts = text
    .split(/[;\n]/)
    .map((p) => p.trim())
    .filter(Boolean)
  const out: { qfMin: number; priceCents: number }[] = []
  for (const p of parts) {
    const m = /^(\d+)\s*=\s*(.+)$/.exec(p)
    const cents = m ? parseEuros(m[2]) : null
    if (!m || cents === null) return null
    out.push({ qfMin: Number(m[1]), priceCents: cents })
  }
  return out
}

const bracketsText = (t: TariffView) =>
  t.brackets.map((b) => `${b.qfMin} = ${formatEuros(b.priceCents).replace(' €', '')}`).join(' ; ')

export function TariffsPanel() {
  const client = useQueryClient()
  const tariffs = useQuery({ queryKey: ['billing', 'tariffs'], queryFn: () => api.billing.tariffs({}) })
  const services = useQuery({ queryKey: ['lists', 'structures'], queryFn: () => api.lists.structures({}) })
  const [editing, setEditing] = useState<Partial<TariffView> & { bracketText?: string }>({})
  const [error, setError] = useState<string | null>(null)
  const serviceOptions = (services.data ?? []).flatMap((s) =>
    s.services.map((v) => ({ value: String(v.id), label: `${s.name} — ${v.name} (${v.code})` })),
  )
  const save = async () => {
    setError(null)
    const brackets = parseBrackets(editing.bracketText ?? '')
    if (!brackets) {
      setError(
        'Tranches : écrivez « quotient minimum = prix », séparés par des points-virgules (0 = 1,00 ; 500 = 2,10).',
      )
      return
    }
    try {
      await api.billing.saveTariff({
        ...(editing.id ? { id: editing.id } : {}),
        serviceId: Number(editing.serviceId),
        validFrom: editing.validFrom ?? '',
        validTo: editing.validTo || null,
        unit: (editing.unit ?? 'acte') as TariffUnit,
        absentSharePct: editing.absentSharePct ?? 100,
        surchargePct: editing.surchargePct ?? 0,
        thirdChildDiscountPct: editing.thirdChildDiscountPct ?? 0,
        cesuAccepted: editing.cesuAccepted ?? false,
        deliberationRef: editing.deliberationRef ?? '',
        deliberationDate: editing.deliberationDate ?? '',
        brackets,
      })
      setEditing({})
      await client.invalidateQueries({ queryKey: ['billing', 'tariffs'] })
    } catch (e) {
      setError((e as Error).message)
    }
  }
  return (
    <Stack>
      <Title order={3}>Tarifs</Title>
      <Table striped withTableBorder aria-label="Tarifs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Service</Table.Th>
            <Table.Th>Période</Table.Th>
            <Table.Th>Unité</Table.Th>
            <Table.Th>Tranches de QF</Table.Th>
            <Table.Th>Délibération</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(tariffs.data ?? []).map((t) => (
            <Table.Tr key={t.id}>
              <Table.Td>
                {t.serviceName} ({t.serviceCode})
              </Table.Td>
              <Table.Td>
                du {formatDay(t.validFrom)}
                {t.validTo ? ` au ${formatDay(t.validTo)}` : ''}
              </Table.Td>
              <Table.Td>{TARIFF_UNITS.find((u) => u.value === t.unit)?.label}</Table.Td>
              <Table.Td>
                {t.brackets
                  .map((b, i) => `${bracketLabel(t.brackets, i)} ${formatEuros(b.priceCents)}`)
                  .join(' · ')}
                <Text size="xs" c="dimmed">
                  Absent facturé {t.absentSharePct} % · hors contrat +{t.surchargePct} % · 3e enfant −
                  {t.thirdChildDiscountPct} % · CESU {t.cesuAccepted ? 'accepté' : 'non'}
                </Text>
              </Table.Td>
              <Table.Td>
                {t.deliberationRef} du {formatDay(t.deliberationDate)}
              </Table.Td>
              <Table.Td>
                <Button
                  size="xs"
                  variant="subtle"
                  onClick={() => setEditing({ ...t, bracketText: bracketsText(t) })}
                >
                  Modifier
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Title order={4}>{editing.id ? 'Modifier le tarif' : 'Nouveau tarif'}</Title>
      <Group align="end" wrap="wrap">
        <Select
          label="Service"
          data={serviceOptions}
          value={editing.serviceId ? String(editing.serviceId) : null}
          onChange={(v) => setEditing({ ...editing, serviceId: Number(v) })}
          w={320}
        />
        <DayField
          label="Valable du"
          value={editing.validFrom ?? ''}
          onChange={(v) => setEditing({ ...editing, validFrom: v ?? '' })}
          w={150}
        />
        <DayField
          label="Valable au"
          value={editing.validTo ?? ''}
          onChange={(v) => setEditing({ ...editing, validTo: v ?? '' })}
          w={150}
        />
        <Select
          label="Unité"
          data={TARIFF_UNITS}
          value={editing.unit ?? 'acte'}
          onChange={(v) => setEditing({ ...editing, unit: (v ?? 'acte') as TariffUnit })}
          allowDeselect={false}
          w={220}
        />
        <TextInput
          label="Tranches (QF min = prix)"
          value={editing.bracketText ?? ''}
          onChange={(e) => setEditing({ ...editing, bracketText: e.currentTarget.value })}
          w={360}
        />
        <NumberInput
          label="Absent facturé (%)"
          value={editing.absentSharePct ?? 100}
          onChange={(v) => setEditing({ ...editing, absentSharePct: Number(v) })}
          w={140}
        />
        <NumberInput
          label="Majoration hors contrat (%)"
          value={editing.surchargePct ?? 0}
          onChange={(v) => setEditing({ ...editing, surchargePct: Number(v) })}
          w={180}
        />
        <NumberInput
          label="Réduction 3e enfant (%)"
          value={editing.thirdChildDiscountPct ?? 0}
          onChange={(v) => setEditing({ ...editing, thirdChildDiscountPct: Number(v) })}
          w={170}
        />
        <Checkbox
          label="CESU accepté"
          checked={editing.cesuAccepted ?? false}
          onChange={(e) => setEditing({ ...editing, cesuAccepted: e.currentTarget.checked })}
        />
        <TextInput
          label="Délibération"
          value={editing.deliberationRef ?? ''}
          onChange={(e) => setEditing({ ...editing, deliberationRef: e.currentTarget.value })}
          w={160}
        />
        <DayField
          label="Date de la délibération"
          value={editing.deliberationDate ?? ''}
          onChange={(v) => setEditing({ ...editing, deliberationDate: v ?? '' })}
          w={190}
        />
        <Button onClick={save}>Enregistrer le tarif</Button>
      </Group>
      {error && (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      )}
      <CreditorSettings />
    </Stack>
  )
}

function CreditorSettings() {
  const settings = useQuery({ queryKey: ['billing', 'settings'], queryFn: () => api.billing.settings({}) })
  const [form, setForm] = useState<BillingSettings | null>(null)
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null)
  useEffect(() => {
    if (settings.data && !form) setForm(settings.data)
  }, [settings.data, form])
  if (!form) return null
  const field = (key: keyof BillingSettings, label: string, w = 260) => (
    <TextInput
      label={label}
      value={String(form[key])}
      onChange={(e) => setForm({ ...form, [key]: e.currentTarget.value })}
      w={w}
    />
  )
  const save = async () => {
    setMessage(null)
    try {
      const saved = await api.billing.saveSettings({
        regieName: form.regieName,
        regieAddress: form.regieAddress,
        dueDays: Number(form.dueDays),
        creditorName: form.creditorName,
        ics: form.ics,
        iban: form.iban,
        bic: form.bic,
      })
      setForm(saved)
      setMessage({ ok: true, text: 'Paramètres de facturation enregistrés.' })
    } catch (e) {
      setMessage({ ok: false, text: (e as Error).message })
    }
  }
  return (
    <Stack>
      <Title order={3}>Régie et créancier SEPA</Title>
      <Group align="end" wrap="wrap">
        {field('regieName', 'Nom de la régie', 320)}
        {field('regieAddress', 'Adresse de la régie', 380)}
        {field('dueDays', 'Délai de paiement (jours)', 170)}
        {field('creditorName', 'Nom du créancier SEPA', 320)}
        {field('ics', 'ICS', 200)}
        {field('iban', 'IBAN', 300)}
        {field('bic', 'BIC', 160)}
        <Button onClick={save}>Enregistrer</Button>
      </Group>
      {message && (
        <Alert color={message.ok ? 'green' : 'red'} role={message.ok ? 'status' : 'alert'}>
          {message.text}
        </Alert>
      )}
    </Stack>
  )
}
