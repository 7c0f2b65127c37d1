import { Select, type SelectProps } from '@mantine/core'
import { monthLabel, monthsAround } from '@shared/format/month'
import { useMemo } from 'react'

export interface MonthFieldProps extends Omit<SelectProps, 'data' | 'value' | 'onChange'> {
  /** 'yyyy-mm'. */
  value: string
  onChange(month: string): void
}

/**
 * A month chosen by name (« novembre 2026 »), typed to filter the list or
 * picked with the arrow keys; it gives 'yyyy-mm', as the services and the
 * command line (`--month YYYY-MM`) take it.
 */
export function MonthField({ value, onChange, ...props }: MonthFieldProps) {
  const data = useMemo(() => {
    const now = new Date()
    const current = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}`
    const months = monthsAround(current)
    if (!months.includes(value)) months.push(value)
    return months.map((m) => ({ value: m, label: monthLabel(m) }))
  }, [value])
  return (
    <Select
      searchable
      allowDeselect={false}
      {...props}
      data={data}
      value={value}
      onChange={(v) => v && onChange(v)}
    />
  )
}
