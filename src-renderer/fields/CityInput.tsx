import { Autocomplete } from '@mantine/core'
import type { FieldSpec } from '@shared/fields/index'
import { useQuery } from '@tanstack/react-query'
import { Controller, useWatch } from 'react-hook-form'
import { api } from '../api/client'
import type { FormControl } from './form-values'

/**
 * The Ville field: suggests the communes of the postal code typed beside it
 * (one code can serve several communes: 38330 serves four), in the form
 * addresses print them. Any other text stays allowed (addresses abroad).
 */
export function CityInput({ spec, control }: { spec: FieldSpec; control: FormControl }) {
  const postalCode = String(useWatch({ control, name: 'code_postal' }) ?? '').replace(/\s/g, '')
  const communes = useQuery({
    queryKey: ['communes', postalCode],
    queryFn: () => api.places.communes({ postalCode }),
    enabled: /^\d{5}$/.test(postalCode),
    staleTime: Number.POSITIVE_INFINITY,
  })
  const cities = [...new Set((communes.data ?? []).map((c) => c.city))]
  return (
    <Controller
      control={control}
      name={spec.key}
      render={({ field, fieldState }) => (
        <Autocomplete
          label={spec.label}
          name={spec.key}
          data={cities}
          value={String(field.value ?? '')}
          onChange={(v) => field.onChange(v)}
          onBlur={field.onBlur}
          error={fieldState.error?.message}
          description={
            cities.length > 1 ? `${cities.length} communes pour le code postal ${postalCode}` : undefined
          }
          inputWrapperOrder={['label', 'input', 'description', 'error']}
          comboboxProps={{ withinPortal: true }}
          ref={field.ref}
        />
      )}
    />
  )
}
