import { DayField, type DayFieldProps } from '../../fields/DayField'

/**
 * A day typed or picked as dd/mm/yyyy; its value is 'yyyy-mm-dd', the text
 * as typed when it is not a real day (the schema then refuses it), '' when empty.
 */
export function DayInput({
  value,
  onChange,
  ...props
}: Omit<DayFieldProps, 'value' | 'onChange'> & {
  value: string | undefined
  onChange: (day: string) => void
}) {
  return <DayField {...props} value={value || null} onChange={(v) => onChange(v ?? '')} />
}
