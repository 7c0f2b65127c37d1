import { Text } from '@mantine/core'
import type { FieldValue } from '@shared/contract/records'
import type { FieldSpec } from '@shared/fields/index'
import { displayValue } from '@shared/requests/display'

/** A value as staff read it; "(vide)" when empty, "—" when there is nothing to show (not given). */
export function ValueText({ spec, value }: { spec: FieldSpec | undefined; value: FieldValue | undefined }) {
  if (value === undefined)
    return (
      <Text size="sm" c="dimmed">
        —
      </Text>
    )
  const text = displayValue(spec, value)
  return text === '' ? (
    <Text size="sm" c="dimmed" fs="italic">
      (vide)
    </Text>
  ) : (
    <Text size="sm" style={{ wordBreak: 'break-word' }}>
      {text}
    </Text>
  )
}
