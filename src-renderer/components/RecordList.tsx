import { ActionIcon, Badge, Button, Group, Modal, Stack, Table, Text, Tooltip } from '@mantine/core'
import type { FieldValue, RecordView } from '@shared/contract/records'
import { displayValue, type FieldSpec, fieldByKey } from '@shared/fields/index'
import { IconPencil, IconPlus, IconTrash } from '@tabler/icons-react'
import { type ReactNode, useState } from 'react'
import { RecordForm } from '../fields/RecordForm'
import { ConfirmModal } from './ConfirmModal'

export interface RecordListLabels {
  /** "personne autorisée": used in titles and buttons. */
  noun: string
  /** "Ajouter une personne autorisée". */
  add: string
  /** "Personne autorisée enregistrée." */
  saved: string
  /** "Personne autorisée supprimée." */
  deleted: string
  /** "Aucune personne autorisée." */
  empty: string
}

interface Props {
  records: RecordView[]
  fields: readonly FieldSpec[]
  /** Keys shown as columns (all fields stay editable in the form). */
  columns: readonly string[]
  labels: RecordListLabels
  createDefaults?: Record<string, FieldValue>
  suggestions?: Record<string, readonly string[]>
  add(values: Record<string, unknown>): Promise<unknown>
  update(record: RecordView, patch: Record<string, unknown>): Promise<unknown>
  remove(record: RecordView): Promise<unknown>
  onReload(): void
  /** Yes/no fields shown together in one column, as badges when set (red for `alarming` ones). */
  flags?: { header: string; keys: readonly string[]; alarming?: readonly string[] }
  /** Extra cells after the columns, e.g. the diseases a vaccine covers. */
  extra?: { header: string; cell(record: RecordView): ReactNode }
}

const NO_WRAP = new Set<FieldSpec['kind']>(['phone', 'day'])

function FlagBadges(props: {
  fields: readonly FieldSpec[]
  flags: NonNullable<Props['flags']>
  record: RecordView
}) {
  const set = props.flags.keys.filter((key) => props.record.values[key] === true)
  return (
    <Group gap={4}>
      {set.map((key) => (
        <Badge
          key={key}
          size="sm"
          variant="light"
          color={props.flags.alarming?.includes(key) ? 'red' : 'teal'}
        >
          {fieldByKey(props.fields, key)?.label ?? key}
        </Badge>
      ))}
    </Group>
  )
}

type Editing = { kind: 'add' } | { kind: 'edit'; record: RecordView } | { kind: 'delete'; record: RecordView }

function recordTitle(fields: readonly FieldSpec[], columns: readonly string[], record: RecordView): string {
  return columns
    .slice(0, 2)
    .map((key) => {
      const spec = fieldByKey(fields, key)
      return spec ? displayValue(spec, record.values[key]) : ''
    })
    .filter(Boolean)
    .join(' ')
}

/** A child's list of records (authorised persons, vaccinations, health conditions): a table, a form in a modal to add or change one, a confirmation to delete. */
export function RecordList(props: Props) {
  const { records, fields, columns, labels } = props
  const [editing, setEditing] = useState<Editing | null>(null)
  const close = () => setEditing(null)
  const specs = columns.map((key) => fieldByKey(fields, key)).filter((s): s is FieldSpec => s !== undefined)
  return (
    <Stack gap="sm">
      {records.length === 0 ? (
        <Text c="dimmed">{labels.empty}</Text>
      ) : (
        <Table striped highlightOnHover verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              {specs.map((s) => (
                <Table.Th key={s.key}>{s.label}</Table.Th>
              ))}
              {props.flags && <Table.Th>{props.flags.header}</Table.Th>}
              {props.extra && <Table.Th>{props.extra.header}</Table.Th>}
              <Table.Th w={90} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {records.map((record) => (
              <Table.Tr key={record.id}>
                {specs.map((s) => (
                  <Table.Td key={s.key} style={NO_WRAP.has(s.kind) ? { whiteSpace: 'nowrap' } : undefined}>
                    {displayValue(s, record.values[s.key])}
                  </Table.Td>
                ))}
                {props.flags && (
                  <Table.Td>
                    <FlagBadges fields={fields} flags={props.flags} record={record} />
                  </Table.Td>
                )}
                {props.extra && <Table.Td>{props.extra.cell(record)}</Table.Td>}
                <Table.Td>
                  <Group gap={4} wrap="nowrap">
                    <Tooltip label="Modifier">
                      <ActionIcon
                        variant="subtle"
                        aria-label={`Modifier ${recordTitle(fields, columns, record)}`}
                        onClick={() => setEditing({ kind: 'edit', record })}
                      >
                        <IconPencil size={16} />
                      </ActionIcon>
                    </Tooltip>
                    <Tooltip label="Supprimer">
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        aria-label={`Supprimer ${recordTitle(fields, columns, record)}`}
                        onClick={() => setEditing({ kind: 'delete', record })}
                      >
                        <IconTrash size={16} />
                      </ActionIcon>
                    </Tooltip>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Group>
        <Button
          variant="light"
          leftSection={<IconPlus size={16} />}
          onClick={() => setEditing({ kind: 'add' })}
        >
          {labels.add}
        </Button>
      </Group>
      {editing && editing.kind !== 'delete' && (
        <Modal
          opened
          onClose={close}
          size="xl"
          title={
            editing.kind === 'add' ? labels.add : `Modifier : ${recordTitle(fields, columns, editing.record)}`
          }
        >
          <RecordForm
            fields={fields}
            values={editing.kind === 'edit' ? editing.record.values : (props.createDefaults ?? {})}
            version={editing.kind === 'edit' ? editing.record.version : null}
            mode={editing.kind === 'edit' ? 'edit' : 'create'}
            autoFocus
            onSave={async (values) => {
              await (editing.kind === 'edit' ? props.update(editing.record, values) : props.add(values))
              close()
            }}
            onReload={() => {
              props.onReload()
              close()
            }}
            onCancel={close}
            suggestions={props.suggestions}
            savedMessage={labels.saved}
          />
        </Modal>
      )}
      {editing?.kind === 'delete' && (
        <ConfirmModal
          title={`Supprimer : ${recordTitle(fields, columns, editing.record)}`}
          confirmLabel="Supprimer"
          successMessage={labels.deleted}
          onConfirm={() => props.remove(editing.record)}
          onClose={close}
          onReload={props.onReload}
        >
          La fiche « {recordTitle(fields, columns, editing.record)} » ({labels.noun}) sera supprimée ; ses
          valeurs restent dans l’historique.
        </ConfirmModal>
      )}
    </Stack>
  )
}
