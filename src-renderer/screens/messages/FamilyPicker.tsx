import { Select } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { api } from '../../api/client'

/** A family chosen by its number or its responsable's name. */
export function FamilyPicker({
  value,
  onChange,
  initialLabel,
}: {
  value: number | null
  onChange: (id: number | null) => void
  initialLabel?: string
}) {
  const [search, setSearch] = useState(initialLabel ?? '')
  const [query] = useDebouncedValue(search, 250)
  const found = useQuery({
    queryKey: ['families', 'search', 'messages', query],
    queryFn: () => api.families.search({ query }),
    enabled: query.trim().length >= 2,
  })
  // The family chosen before any search (from the family file): its label from its file.
  const current = useQuery({
    queryKey: ['family', value],
    queryFn: () => api.families.get({ id: value as number }),
    enabled: value !== null,
  })
  const data = (found.data?.rows ?? []).map((f) => ({
    value: String(f.id),
    label: `${f.number} · ${f.responsableName || 'Sans responsable'}${f.city ? ` (${f.city})` : ''}`,
  }))
  if (current.data && !data.some((d) => d.value === String(current.data.id))) {
    const g = current.data.responsable?.values
    const name = g ? [g.nom, g.prenom].filter(Boolean).join(' ') : 'Sans responsable'
    data.unshift({ value: String(current.data.id), label: `${current.data.number} · ${name}` })
  }
  return (
    <Select
      label="Famille"
      placeholder="N° de famille ou nom du responsable"
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      data={data}
      value={value === null ? null : String(value)}
      onChange={(v) => onChange(v === null ? null : Number(v))}
      filter={({ options }) => options}
      nothingFoundMessage={query.trim().length >= 2 ? 'Aucune famille' : 'Tapez au moins deux caractères'}
      w={420}
    />
  )
}
