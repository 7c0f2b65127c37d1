import { Autocomplete, Select, Switch, Text, TextInput } from '@mantine/core'
import type { FieldSpec } from '@shared/fields/index'
import { dayInFrance } from '@shared/format/date'
import { Controller } from 'react-hook-form'
import { DayField } from './DayField'
import type { FormControl } from './form-values'

interface Props {
  spec: FieldSpec
  control: FormControl
  /** Required by the form even where the catalogue allows an empty value. */
  required?: boolean
  autoFocus?: boolean
  /** Values to suggest as staff type (free text stays allowed). */
  suggestions?: readonly string[]
}

const INPUT_MODE: Partial<Record<FieldSpec['kind'], 'tel' | 'email' | 'numeric' | 'decimal'>> = {
  phone: 'tel',
  email: 'email',
  postal_code: 'numeric',
  integer: 'numeric',
  decimal: 'decimal',
}

const PLACEHOLDER: Partial<Record<FieldSpec['kind'], string>> = {
  phone: '06 12 34 56 78',
  email: 'nom@exemple.fr',
  iban: 'FR76 …',
}

/** Characters used on an address line, out of the 38 of NF Z10-011. */
function LineLength({ text }: { text: string }) {
  return (
    <Text size="xs" c={text.length > 38 ? 'red' : 'dimmed'} aria-hidden>
      {text.length}/38
    </Text>
  )
}

/** One field of the catalogue as the input its kind calls for, labelled in French. */
export function FieldInput({ spec, control, required, autoFocus, suggestions }: Props) {
  return (
    <Controller
      control={control}
      name={spec.key}
      render={({ field, fieldState }) => {
        const common = {
          label: spec.label,
          error: fieldState.error?.message,
          required: required ?? spec.required,
          autoFocus,
          onBlur: field.onBlur,
          name: spec.key,
        }
        switch (spec.kind) {
          case 'flag':
            return (
              <Switch
                {...common}
                mt="lg"
                checked={field.value === true}
                onChange={(e) => field.onChange(e.currentTarget.checked)}
                ref={field.ref}
              />
            )
          case 'option':
            return (
              <Select
                {...common}
                data={(spec.options ?? []).map((o) => ({ value: o.value, label: o.label }))}
                value={(field.value as string | null) ?? null}
                onChange={(v) => field.onChange(v)}
                clearable={!spec.required}
                searchable
                nothingFoundMessage="Aucune valeur"
                comboboxProps={{ withinPortal: true }}
                ref={field.ref}
              />
            )
          case 'day':
            return (
              <DayField
                {...common}
                value={(field.value as string | null) ?? null}
                onChange={(v) => field.onChange(v)}
                maxDate={spec.past ? dayInFrance(new Date()) : undefined}
                ref={field.ref}
              />
            )
          default:
            if (suggestions)
              return (
                <Autocomplete
                  {...common}
                  data={[...suggestions]}
                  value={String(field.value ?? '')}
                  onChange={(v) => field.onChange(v)}
                  comboboxProps={{ withinPortal: true }}
                  ref={field.ref}
                />
              )
            return (
              <TextInput
                {...common}
                value={String(field.value ?? '')}
                onChange={(e) => field.onChange(e.currentTarget.value)}
                inputMode={INPUT_MODE[spec.kind]}
                placeholder={PLACEHOLDER[spec.kind]}
                rightSection={
                  spec.kind === 'address' ? <LineLength text={String(field.value ?? '')} /> : null
                }
                rightSectionWidth={spec.kind === 'address' ? 52 : undefined}
                ref={field.ref}
              />
            )
        }
      }}
    />
  )
}
