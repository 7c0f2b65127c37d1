import { Select, SimpleGrid, TextInput } from '@mantine/core'
import { DatePickerInput } from '@mantine/dates'
import type { FieldSpec } from '@shared/fields/index'
import { type KindSpec, payloadFields } from '@shared/requests/kinds'
import { MOTIF_FIELD, SERVICE_FIELD } from '@shared/requests/payload'
import { type Control, Controller, type FieldErrors } from 'react-hook-form'
import { DayInput } from './DayInput'
import type { NewRequestValues } from './new-request-schema'

const FLAG_OPTIONS = [
  { value: 'Oui', label: 'Oui' },
  { value: 'Non', label: 'Non' },
]

function errorAt(errors: FieldErrors<NewRequestValues>, key: string): string | undefined {
  const payload = errors.payload as Record<string, { message?: string }> | undefined
  return payload?.[key]?.message
}

function FieldInput({
  field,
  control,
  required,
  error,
}: {
  field: FieldSpec
  control: Control<NewRequestValues>
  required: boolean
  error?: string
}) {
  return (
    <Controller
      control={control}
      name={`payload.${field.key}`}
      render={({ field: input }) => {
        const common = { label: field.label, required, error, size: 'xs' as const }
        const value = typeof input.value === 'string' ? input.value : ''
        if (field.kind === 'option' || field.kind === 'flag')
          return (
            <Select
              {...common}
              data={field.kind === 'flag' ? FLAG_OPTIONS : (field.options ?? []).map((o) => ({ ...o }))}
              value={value || null}
              onChange={(v) => input.onChange(v ?? '')}
              clearable
              searchable
            />
          )
        if (field.kind === 'day') return <DayInput {...common} value={value} onChange={input.onChange} />
        return <TextInput {...common} value={value} onChange={(e) => input.onChange(e.currentTarget.value)} />
      }}
    />
  )
}

/** The inputs of one kind's payload, from the field catalogue; for an update, empty means "unchanged". */
export function KindFields({
  spec,
  control,
  errors,
  identityChosen,
}: {
  spec: KindSpec
  control: Control<NewRequestValues>
  errors: FieldErrors<NewRequestValues>
  /** The record is chosen in a list (RecordChooser): its identity fields are not typed again. */
  identityChosen: boolean
}) {
  if (spec.mode === 'agenda')
    return (
      <SimpleGrid cols={2} spacing="xs">
        <FieldInput field={SERVICE_FIELD} control={control} required error={errorAt(errors, 'service')} />
        <Controller
          control={control}
          name="payload.dates"
          render={({ field }) => (
            <DatePickerInput
              size="xs"
              type="multiple"
              label="Jours"
              required
              valueFormat="DD/MM/YYYY"
              value={Array.isArray(field.value) ? field.value : []}
              onChange={(v) => field.onChange(v)}
              error={errorAt(errors, 'dates')}
            />
          )}
        />
        {spec.kind === 'absence.declare' && (
          <FieldInput field={MOTIF_FIELD} control={control} required={false} />
        )}
      </SimpleGrid>
    )
  const identity = new Set(spec.identity.map((f) => f.key))
  const all = spec.mode === 'delete' ? spec.identity : payloadFields(spec)
  const fields = identityChosen ? all.filter((f) => !identity.has(f.key)) : all
  if (fields.length === 0) return null
  return (
    <SimpleGrid cols={2} spacing="xs" verticalSpacing={6}>
      {fields.map((field) => (
        <FieldInput
          key={field.key}
          field={field}
          control={control}
          required={
            spec.mode !== 'update'
              ? field.required === true
              : identity.has(field.key) && field.required === true
          }
          error={errorAt(errors, field.key)}
        />
      ))}
    </SimpleGrid>
  )
}
