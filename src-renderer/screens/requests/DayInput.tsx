import { DateInput, type DateInputProps } from '@mantine/dates'

/** A day typed or picked as dd/mm/yyyy; its value is 'yyyy-mm-dd', '' when empty. */
export function DayInput({
  value,
  onChange,
  ...props
}: Omit<DateInputProps, 'value' | 'onChange'> & {
  value: string | undefined
  onChange: (day: string) => void
}) {
  return (
    <DateInput
      valueFormat="DD/MM/YYYY"
      placeholder="jj/mm/aaaa"
      clearable
      {...props}
      value={value || null}
      onChange={(v) => onChange(v ?? '')}
    />
  )
}
