import { ActionIcon, Popover, TextInput, type TextInputProps } from '@mantine/core'
import { DatePicker } from '@mantine/dates'
import { formatDay, parseDay } from '@shared/format/date'
import { IconCalendar } from '@tabler/icons-react'
import { forwardRef, useEffect, useRef, useState } from 'react'

/** Why a typed day is refused, in the words of the shared validators; null when it is a day or empty. */
export function typedDayProblem(text: string): string | null {
  const trimmed = text.trim()
  if (trimmed === '' || parseDay(trimmed) !== null) return null
  return /^\d{1,2}\/\d{1,2}\/\d{4}$/.test(trimmed)
    ? 'date invalide : ce jour n’existe pas'
    : 'date invalide (jj/mm/aaaa)'
}

/** What the field holds, shown as staff read it: '2026-02-03' → '03/02/2026'; other text as typed. */
function shown(value: string | null | undefined): string {
  if (!value) return ''
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? formatDay(value) : value
}

export interface DayFieldProps extends Omit<TextInputProps, 'value' | 'onChange' | 'defaultValue'> {
  /** 'yyyy-mm-dd', or the text typed when it is not a day, or null/'' when empty. */
  value: string | null | undefined
  /** Gives 'yyyy-mm-dd' for a real day, the text as typed otherwise (so that the form's schema refuses
   *  it and says why), null when emptied. */
  onChange(value: string | null): void
  /** Last day the calendar offers (the day typed is checked by the form's schema). */
  maxDate?: string
  minDate?: string
}

/**
 * A day typed as dd/mm/yyyy or picked in a calendar. Unlike a date picker's
 * input, it never empties nor reverts what was typed: an impossible day
 * (31/02/2026) stays in the field with « date invalide » under it.
 */
export const DayField = forwardRef<HTMLInputElement, DayFieldProps>(function DayField(
  { value, onChange, maxDate, minDate, error, onBlur, ...props },
  ref,
) {
  const [text, setText] = useState(() => shown(value))
  const [left, setLeft] = useState(false)
  const [picking, setPicking] = useState(false)
  // What this field last gave to its form: any other value comes from outside (a reset, a reload).
  const emitted = useRef<string | null | undefined>(value)
  useEffect(() => {
    if ((value ?? null) !== (emitted.current ?? null)) {
      emitted.current = value
      setText(shown(value))
      setLeft(false)
    }
  }, [value])

  const emit = (next: string | null) => {
    emitted.current = next
    onChange(next)
  }
  const type = (typed: string) => {
    setText(typed)
    emit(typed.trim() === '' ? null : (parseDay(typed) ?? typed))
  }
  const iso = parseDay(text)
  const problem = left ? typedDayProblem(text) : null
  return (
    <TextInput
      placeholder="jj/mm/aaaa"
      {...props}
      ref={ref}
      value={text}
      inputMode="numeric"
      autoComplete="off"
      onChange={(e) => type(e.currentTarget.value)}
      onBlur={(e) => {
        setLeft(true)
        onBlur?.(e)
      }}
      error={error || problem}
      rightSection={
        <Popover opened={picking} onChange={setPicking} position="bottom-end" withinPortal shadow="md">
          <Popover.Target>
            <ActionIcon
              variant="subtle"
              color="gray"
              size="sm"
              aria-label="Ouvrir le calendrier"
              tabIndex={-1}
              onClick={() => setPicking((o) => !o)}
              disabled={props.disabled || props.readOnly}
            >
              <IconCalendar size={16} />
            </ActionIcon>
          </Popover.Target>
          <Popover.Dropdown>
            <DatePicker
              value={iso}
              defaultDate={iso ?? undefined}
              maxDate={maxDate}
              minDate={minDate}
              onChange={(picked) => {
                if (!picked) return
                setText(formatDay(picked))
                setLeft(true)
                emit(picked)
                setPicking(false)
              }}
            />
          </Popover.Dropdown>
        </Popover>
      }
    />
  )
})
