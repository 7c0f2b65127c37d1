import { Alert, Select } from '@mantine/core'
import type { ChildFile } from '@shared/contract/children'
import type { RecordView } from '@shared/contract/records'
import { displayValue } from '@shared/fields/index'
import type { KindSpec } from '@shared/requests/kinds'
import { IconAlertTriangle } from '@tabler/icons-react'

/** The child's records a kind's identity names: its authorised persons, or its health conditions. */
export function recordsFor(spec: KindSpec, child: ChildFile | undefined): RecordView[] | null {
  if (!child || spec.identity.length === 0) return null
  if (spec.target === 'authorized_person') return child.authorizedPersons
  if (spec.target === 'health_condition') return child.health?.conditions ?? null
  return null
}

/** May come to pick the child up: allowed, and not forbidden. */
const canPickUp = (r: RecordView) =>
  r.values.peut_recuperer_l_enfant === true && r.values.interdit_de_recuperer !== true

function label(spec: KindSpec, record: RecordView): string {
  return spec.identity.map((f) => displayValue(f, record.values[f.key])).join(' ')
}

/**
 * For a change to or a deletion of one of the child's records: a choice
 * among them (instead of retyping a name), giving the identity fields their
 * stored values; deleting the last person allowed to pick the child up says so.
 */
export function RecordChooser({
  spec,
  records,
  chosen,
  onChoose,
  error,
}: {
  spec: KindSpec
  records: RecordView[]
  chosen: Record<string, unknown>
  onChoose: (identity: Record<string, string>) => void
  error?: string
}) {
  const identity = spec.identity
  const current = records.find((r) => identity.every((f) => r.values[f.key] === chosen[f.key]))
  const person = spec.target === 'authorized_person'
  const lastAllowed =
    spec.mode === 'delete' &&
    person &&
    current !== undefined &&
    canPickUp(current) &&
    !records.some((r) => r !== current && canPickUp(r))
  return (
    <>
      <Select
        size="xs"
        label={person ? 'Personne concernée' : 'Donnée de santé concernée'}
        required
        placeholder="Choisissez"
        data={records.map((r) => ({ value: String(r.id), label: label(spec, r) }))}
        value={current ? String(current.id) : null}
        onChange={(id) => {
          const record = records.find((r) => String(r.id) === id)
          if (record)
            onChoose(Object.fromEntries(identity.map((f) => [f.key, String(record.values[f.key] ?? '')])))
        }}
        error={error}
        allowDeselect={false}
        comboboxProps={{ withinPortal: true }}
      />
      {lastAllowed && (
        <Alert color="orange" icon={<IconAlertTriangle />} title="Dernière personne autorisée" role="status">
          {label(spec, current)} est la seule personne autorisée à venir chercher l’enfant : si la suppression
          est validée, personne d’autre que ses responsables ne pourra le récupérer et son dossier deviendra
          incomplet.
        </Alert>
      )}
    </>
  )
}
