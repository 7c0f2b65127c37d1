import { zodResolver } from '@hookform/resolvers/zod'
import {
  Alert,
  Button,
  Group,
  Modal,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { notifications } from '@mantine/notifications'
import { REQUEST_KINDS, type RequestKind } from '@shared/domain/requests'
import { KIND_SPECS } from '@shared/requests/kinds'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useEffect, useState } from 'react'
import { Controller, type FieldErrors, type Resolver, useForm } from 'react-hook-form'
import { announceChange } from '../../api/changes'
import { api } from '../../api/client'
import { applyServerErrors } from '../../components/form-errors'
import { DayInput } from './DayInput'
import { KindFields } from './KindFields'
import { REQUESTS_KEY } from './keys'
import { filledPayload, type NewRequestValues, newRequestSchema } from './new-request-schema'
import { RecordChooser, recordsFor } from './RecordChooser'

function errorAt(errors: FieldErrors<NewRequestValues>, key: string): string | undefined {
  return (errors.payload as Record<string, { message?: string }> | undefined)?.[key]?.message
}

const KIND_GROUPS = [
  {
    group: 'Famille',
    items: REQUEST_KINDS.filter((k) => KIND_SPECS[k.value].scope === 'family').map((k) => ({ ...k })),
  },
  {
    group: 'Enfant',
    items: REQUEST_KINDS.filter((k) => KIND_SPECS[k.value].scope === 'child').map((k) => ({ ...k })),
  },
]

/** A new form: received today (the day on this computer's clock), on paper. */
const defaults = (): NewRequestValues => ({
  channel: 'papier',
  family: '',
  child: '',
  kind: 'responsable.update',
  receivedOn: new Date().toLocaleDateString('en-CA'),
  receivedTime: '',
  comment: '',
  payload: {},
})

/** Each submit is checked with the schema of the kind chosen at that moment. */
const resolver: Resolver<NewRequestValues> = (values, context, options) => {
  const byKind = zodResolver(newRequestSchema(values.kind) as never) as unknown as Resolver<NewRequestValues>
  return byKind(values, context, options)
}

/** The family typed in the form, once it is a number: its responsable and its children. */
function useFamily(number: string) {
  const typed = number.trim()
  const [debounced] = useDebouncedValue(typed, 400)
  const found = useQuery({
    queryKey: ['families', 'byNumber', debounced],
    queryFn: () => api.families.getByNumber({ number: debounced }),
    enabled: /^\d{1,20}$/.test(debounced),
    retry: false,
  })
  // Until the pause after typing, what was found is for another number (or for the form before it was
  // reset): not this form's family, so neither its name nor its only child is shown for it.
  const current = debounced === typed
  return { data: current ? found.data : undefined, isError: current && found.isError }
}

/** The child chosen in the form, for the records a change or a deletion is about. */
function useChild(identifier: string, wanted: boolean) {
  return useQuery({
    queryKey: ['children', 'byIdentifier', identifier],
    queryFn: () => api.children.getByIdentifier({ identifier }),
    enabled: wanted && /^\d{1,20}$/.test(identifier),
    retry: false,
  })
}

/** A request received on paper or by phone, typed by staff into the same queue. */
export function NewRequestModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const queryClient = useQueryClient()
  const [failure, setFailure] = useState<string | null>(null)
  const form = useForm<NewRequestValues>({ resolver, defaultValues: defaults() })
  const { errors } = form.formState
  const kind = form.watch('kind')
  const spec = KIND_SPECS[kind]
  const family = useFamily(form.watch('family'))
  const childIdentifier = form.watch('child')
  const child = useChild(childIdentifier, spec.scope === 'child' && spec.identity.length > 0)
  const records = recordsFor(spec, child.data)
  const payload = form.watch('payload')
  // A family with one child: that child, without a click.
  const children = family.data?.children
  useEffect(() => {
    if (!children) return
    const chosen = form.getValues('child')
    // A child of the family typed before is not one of this family's.
    if (chosen && !children.some((c) => c.identifier === chosen)) form.setValue('child', '')
    if (children.length === 1 && !form.getValues('child')) form.setValue('child', children[0].identifier)
  }, [children, form])
  const close = () => {
    form.reset(defaults())
    setFailure(null)
    onClose()
  }
  const submit = form.handleSubmit(async (values) => {
    setFailure(null)
    try {
      const created = await api.requests.create({
        channel: values.channel,
        family: values.family,
        ...(values.child && spec.scope === 'child' ? { child: values.child } : {}),
        kind: values.kind,
        payload: filledPayload(values.payload),
        ...(values.comment ? { comment: values.comment } : {}),
        ...(values.receivedOn ? { receivedOn: values.receivedOn } : {}),
        ...(values.receivedTime ? { receivedTime: values.receivedTime } : {}),
      })
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: REQUESTS_KEY }),
        // The family's file lists its pending requests.
        announceChange(queryClient, { familyId: family.data?.id ?? null, childId: null }),
      ])
      notifications.show({ color: 'teal', message: `Demande ${created.ref} ajoutée à la file.` })
      close()
    } catch (error) {
      const known = [
        'family',
        'child',
        'receivedTime',
        ...Object.keys(values.payload).map((k) => `payload.${k}`),
      ]
      setFailure(applyServerErrors(error, form.setError, known))
    }
  })
  const payloadError = (errors.payload as { message?: string } | undefined)?.message
  return (
    <Modal
      opened={opened}
      onClose={close}
      title="Nouvelle demande reçue sur papier ou par téléphone"
      size="xl"
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          {failure && (
            <Alert color="red" role="alert" style={{ whiteSpace: 'pre-line' }}>
              {failure}
            </Alert>
          )}
          <Group align="flex-end">
            <Controller
              control={form.control}
              name="channel"
              render={({ field }) => (
                <SegmentedControl
                  aria-label="Canal"
                  value={field.value}
                  onChange={field.onChange}
                  data={[
                    { value: 'papier', label: 'Papier' },
                    { value: 'téléphone', label: 'Téléphone' },
                  ]}
                />
              )}
            />
            <Controller
              control={form.control}
              name="receivedOn"
              render={({ field }) => (
                <DayInput size="xs" label="Reçue le" value={field.value} onChange={field.onChange} w={130} />
              )}
            />
            <TextInput
              size="xs"
              label="Heure (facultative)"
              placeholder="hh:mm"
              w={130}
              {...form.register('receivedTime')}
              error={errors.receivedTime?.message}
            />
          </Group>
          {/* The kind's label is the longest ("Modification d’une personne autorisée"): the widest column. */}
          <SimpleGrid cols={3} spacing="xs" style={{ gridTemplateColumns: '1fr 1.5fr 1.2fr' }}>
            <TextInput
              size="xs"
              label="N° famille"
              required
              data-autofocus
              {...form.register('family')}
              error={errors.family?.message ?? (family.isError ? 'famille introuvable' : undefined)}
              description={
                family.data
                  ? `${family.data.responsable?.values.nom ?? ''} ${family.data.responsable?.values.prenom ?? ''}`
                  : undefined
              }
            />
            <Controller
              control={form.control}
              name="kind"
              render={({ field }) => (
                <Select
                  size="xs"
                  label="Type de demande"
                  data={KIND_GROUPS}
                  value={field.value}
                  allowDeselect={false}
                  onChange={(v) => {
                    field.onChange(v as RequestKind)
                    form.setValue('payload', {})
                    // What was refused about the previous kind no longer applies.
                    form.clearErrors()
                    setFailure(null)
                  }}
                />
              )}
            />
            {spec.scope === 'child' && (
              <Controller
                control={form.control}
                name="child"
                render={({ field }) => (
                  <Select
                    size="xs"
                    label="Enfant"
                    required
                    placeholder={family.data ? 'Choisissez' : 'Indiquez d’abord la famille'}
                    data={(family.data?.children ?? []).map((c) => ({
                      value: c.identifier,
                      label: `${c.lastName} ${c.firstName} (${c.identifier})`,
                    }))}
                    value={field.value || null}
                    onChange={(v) => field.onChange(v ?? '')}
                    error={errors.child?.message}
                  />
                )}
              />
            )}
          </SimpleGrid>
          <Text size="sm" c="dimmed">
            {spec.mode === 'update'
              ? 'Ne remplissez que ce qui change ; un champ laissé vide reste tel quel.'
              : spec.mode === 'delete'
                ? 'Indiquez la fiche à supprimer.'
                : spec.mode === 'agenda'
                  ? 'Les dates apparaissent « en cours de traitement » sur l’agenda de l’enfant jusqu’à la décision, prise date par date.'
                  : 'Les champs marqués d’un astérisque sont obligatoires.'}
          </Text>
          {payloadError && (
            <Alert color="red" role="alert">
              {payloadError}
            </Alert>
          )}
          {records && records.length > 0 && (
            <RecordChooser
              spec={spec}
              records={records}
              chosen={payload}
              onChoose={(identity) => {
                for (const [key, value] of Object.entries(identity))
                  form.setValue(`payload.${key}`, value, { shouldValidate: form.formState.isSubmitted })
              }}
              error={spec.identity.map((f) => errorAt(errors, f.key)).find(Boolean)}
            />
          )}
          <KindFields
            key={kind}
            spec={spec}
            control={form.control}
            errors={errors}
            identityChosen={records !== null && records.length > 0}
          />
          <Textarea size="xs" label="Commentaire" autosize minRows={2} {...form.register('comment')} />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Annuler
            </Button>
            <Button type="submit" loading={form.formState.isSubmitting}>
              Ajouter à la file
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  )
}
