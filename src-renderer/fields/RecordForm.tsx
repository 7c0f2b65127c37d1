import { zodResolver } from '@hookform/resolvers/zod'
import { Button, Group, Kbd, SimpleGrid, Stack, Text, Title } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import type { FieldValue } from '@shared/contract/records'
import { createSchema, type FieldSpec, patchSchema } from '@shared/fields/index'
import { type ReactNode, useEffect, useMemo, useState } from 'react'
import { type FieldErrors, useForm } from 'react-hook-form'
import { ApiError } from '../api/client'
import { useUnsavedEdits } from '../changes/unsaved-edits'
import { SaveFailure } from '../components/SaveFailure'
import { CityInput } from './CityInput'
import { FieldInput } from './FieldInput'
import { changedValues, type FormValues, filledValues, formPath, toFormValues } from './form-values'
import { useSaveShortcut } from './save-shortcut'

export interface FormSection {
  title: string
  keys: readonly string[]
}

/** The fields of each section, then those no section names. */
function grouped(fields: readonly FieldSpec[], sections: readonly FormSection[] = []) {
  const named = new Set(sections.flatMap((s) => s.keys))
  const groups = sections.map((s) => ({
    title: s.title as string | null,
    fields: s.keys.map((k) => fields.find((f) => f.key === k)).filter((f): f is FieldSpec => f !== undefined),
  }))
  const rest = fields.filter((f) => !named.has(f.key))
  return rest.length > 0 ? [...groups, { title: null, fields: rest }] : groups
}

interface Props {
  fields: readonly FieldSpec[]
  /** Stored values of the record; for a creation, the defaults. */
  values: Record<string, FieldValue>
  /** Changes when the record is saved or reloaded: the form then starts again from `values`. */
  version: number | null
  mode?: 'edit' | 'create'
  /** Sends the changed fields (edit) or the filled ones (create). */
  onSave(values: Record<string, unknown>): Promise<unknown>
  /** Shown in a notification after a successful save. */
  savedMessage: string
  saveLabel?: string
  onReload?: () => void
  onCancel?: () => void
  columns?: number
  /** Focus the first field (in a modal). */
  autoFocus?: boolean
  /** Keys the back-end requires although the catalogue does not (marked with an asterisk). */
  required?: readonly string[]
  /** Values to suggest for some text fields, by key (e.g. the catalogue's vaccines). */
  suggestions?: Record<string, readonly string[]>
  /** Fields grouped under headings, in this order; fields left out come last. */
  sections?: readonly FormSection[]
  /** Extra content between the fields and the buttons. */
  children?: ReactNode
}

/**
 * A form over fields of the catalogue: validated as the back-end does (the
 * same zod schemas), saving only what changed, showing the refusal's
 * message (a version conflict offers to reload) or a notification.
 */
export function RecordForm(props: Props) {
  const { fields, values, version, mode = 'edit', columns = 2 } = props
  const schema = useMemo(
    () => (mode === 'create' ? createSchema(fields) : patchSchema(fields)),
    [fields, mode],
  )
  const initial = useMemo(() => toFormValues(fields, values), [fields, values])
  const form = useForm<FormValues, unknown, Record<string, unknown>>({
    resolver: zodResolver(schema) as never,
    defaultValues: initial,
  })
  // A change heard from another desktop does not reload the file under unsaved edits.
  useUnsavedEdits(form.formState.isDirty)
  const [failure, setFailure] = useState<unknown>(null)
  // Said in the save bar (and read out by screen readers) when a save is refused.
  const [refusal, setRefusal] = useState<string | null>(null)
  // biome-ignore lint/correctness/useExhaustiveDependencies: start again when the stored record changes
  useEffect(() => {
    form.reset(initial)
    setFailure(null)
    setRefusal(null)
  }, [version, initial])

  const refuse = (keys: string[]) => {
    const labels = keys.map((k) => fields.find((f) => f.key === k)?.label ?? k)
    setRefusal(
      `Enregistrement refusé : ${labels.length > 1 ? 'champs à corriger' : 'champ à corriger'} — ${labels.join(', ')}.`,
    )
  }
  const invalid = (errors: FieldErrors<FormValues>) =>
    refuse(fields.map((f) => f.key).filter((k) => k in errors))

  const submit = form.handleSubmit(async (parsed) => {
    setFailure(null)
    setRefusal(null)
    const payload = mode === 'create' ? filledValues(fields, parsed) : changedValues(fields, values, parsed)
    if (Object.keys(payload).length === 0) {
      notifications.show({ color: 'gray', message: 'Aucune modification à enregistrer.' })
      return
    }
    try {
      await props.onSave(payload)
      notifications.show({ color: 'teal', message: props.savedMessage })
    } catch (error) {
      const placed = placeFieldErrors(error, form.setError, fields)
      if (placed.length > 0) refuse(placed)
      // A refusal about no field shown (a conflict, a rule of the whole record) is shown in full.
      if (!(error instanceof ApiError) || placed.length < Math.max(1, error.fields.length)) setFailure(error)
    }
  }, invalid)
  const formRef = useSaveShortcut(() => void submit())

  const hasCity = fields.some((f) => f.key === 'code_postal')
  return (
    <form onSubmit={submit} noValidate ref={formRef}>
      <Stack>
        {grouped(fields, props.sections).map((group, g) => (
          <Stack key={group.title ?? 'autres'} gap="xs">
            {group.title && (
              <Title order={5} c="dimmed" mt={g > 0 ? 'sm' : 0}>
                {group.title}
              </Title>
            )}
            <SimpleGrid cols={{ base: 1, md: columns }} spacing="md" verticalSpacing="sm">
              {group.fields.map((spec) =>
                hasCity && spec.key === 'ville' ? (
                  <CityInput key={spec.key} spec={spec} control={form.control} />
                ) : (
                  <FieldInput
                    key={spec.key}
                    spec={spec}
                    control={form.control}
                    required={props.required?.includes(spec.key) || undefined}
                    autoFocus={props.autoFocus && spec === fields[0]}
                    suggestions={props.suggestions?.[spec.key]}
                  />
                ),
              )}
            </SimpleGrid>
          </Stack>
        ))}
        {props.children}
        {/* Next to the buttons, where the eyes are after clicking Enregistrer. */}
        {failure !== null && (
          <div ref={(el) => el?.scrollIntoView({ block: 'nearest' })}>
            <SaveFailure error={failure} onReload={props.onReload} />
          </div>
        )}
        {/* Always in sight at the bottom of the window (global.css), however long the form. */}
        <Group className="save-bar" justify="space-between" wrap="nowrap">
          <Text size="sm" c="red" fw={500} role="alert" aria-live="assertive">
            {refusal}
          </Text>
          <Group gap="xs" wrap="nowrap">
            {props.onCancel && (
              <Button variant="default" onClick={props.onCancel}>
                Annuler
              </Button>
            )}
            {mode === 'edit' && (
              <Button
                variant="default"
                disabled={!form.formState.isDirty}
                onClick={() => {
                  form.reset(initial)
                  setFailure(null)
                  setRefusal(null)
                }}
              >
                Annuler les modifications
              </Button>
            )}
            <Button
              type="submit"
              loading={form.formState.isSubmitting}
              title="Ctrl+S"
              rightSection={
                <Kbd size="xs" className="no-print" aria-hidden>
                  Ctrl+S
                </Kbd>
              }
            >
              {props.saveLabel ?? 'Enregistrer'}
            </Button>
          </Group>
        </Group>
      </Stack>
    </form>
  )
}

/**
 * Puts each field problem of a refusal under its input, the first one focused
 * (and so scrolled into view, below the header: global.css); returns the keys placed.
 */
function placeFieldErrors(
  error: unknown,
  setError: (name: string, e: { type: string; message: string }, o?: { shouldFocus: boolean }) => void,
  fields: readonly FieldSpec[],
): string[] {
  if (!(error instanceof ApiError) || error.fields.length === 0) return []
  const order = fields.map((f) => f.key)
  const mine = error.fields
    .filter((f) => order.includes(formPath(f.path)))
    .sort((a, b) => order.indexOf(formPath(a.path)) - order.indexOf(formPath(b.path)))
  mine.forEach((problem, i) => {
    const short = problem.message.startsWith(`${problem.label} : `)
      ? problem.message.slice(problem.label.length + 3)
      : problem.message
    setError(formPath(problem.path), { type: 'server', message: short }, { shouldFocus: i === 0 })
  })
  return mine.map((p) => formPath(p.path))
}
