import { Badge, Button, Group, Select, Stack, Table, Text, TextInput } from '@mantine/core'
import type { DayListChild, ListPerson } from '@shared/contract/lists'
import { ALLERGENS, DIETS } from '@shared/domain/health'
import { formatDay } from '@shared/format/date'
import { useState } from 'react'

const allergenLabel = new Map<string, string>(ALLERGENS.map((a) => [a.value, a.label]))
const dietLabel = new Map<string, string>(DIETS.map((d) => [d.value, d.label]))
const OTHER = 'autre'

export interface MarkChange {
  presence?: 'present' | 'absent' | null
  arrivedAt?: string | null
  leftAt?: string | null
  pickedUpBy?: number | null
  pickedUpName?: string
}

function People({ people, forbidden }: { people: ListPerson[]; forbidden?: boolean }) {
  if (people.length === 0)
    return (
      <Text size="xs" c="dimmed">
        —
      </Text>
    )
  return (
    <Stack gap={2}>
      {people.map((p) => (
        <Text key={p.id} size="xs" fw={forbidden ? 700 : 400} c={forbidden ? 'red.8' : undefined}>
          {forbidden ? 'INTERDIT : ' : ''}
          {p.lastName} {p.firstName} ({p.relationship}) {[p.phone, p.mobile].filter(Boolean).join(' / ')}
        </Text>
      ))}
    </Stack>
  )
}

function Flags({ child, healthShown }: { child: DayListChild; healthShown: boolean }) {
  return (
    <Group gap={4}>
      {!child.fileValidated && (
        <Badge size="xs" color="orange" variant="light">
          Dossier non validé
        </Badge>
      )}
      {child.pai &&
        (child.pai.expired ? (
          <Badge size="xs" color="red">
            PAI expiré le {formatDay(child.pai.validUntil)}
          </Badge>
        ) : (
          <Badge size="xs" color="blue" variant="light">
            PAI{child.pai.validUntil ? ` jusqu’au ${formatDay(child.pai.validUntil)}` : ''}
            {child.pai.packedMeal ? ' · panier-repas' : ''}
          </Badge>
        ))}
      {healthShown &&
        (child.allergens ?? []).map((a) => (
          <Badge key={a} size="xs" color="red" variant="outline">
            {allergenLabel.get(a) ?? a}
          </Badge>
        ))}
      {child.diet && (
        <Badge size="xs" color="gray" variant="light">
          {dietLabel.get(child.diet) ?? child.diet}
        </Badge>
      )}
      {!child.expected && child.stateLabel && (
        <Badge size="xs" color="grape" variant="light">
          {child.stateLabel}
        </Badge>
      )}
    </Group>
  )
}

/** One child on the day's list, with its marks; the row takes the keyboard when focused (see the keys help). */
export function AttendanceRow({
  child,
  healthShown,
  evening,
  busy,
  onMark,
  onResolve,
  rowRef,
  onKeyDown,
}: {
  child: DayListChild
  healthShown: boolean
  /** Arrival and departure times and who picked the child up (evening and holiday services). */
  evening: boolean
  busy: boolean
  onMark(change: MarkChange): void
  onResolve(outcome: 'absent_facture' | 'absent_execute'): void
  rowRef(el: HTMLTableRowElement | null): void
  onKeyDown(event: React.KeyboardEvent<HTMLTableRowElement>): void
}) {
  const mark = child.mark
  const [otherName, setOtherName] = useState('')
  const [typingOther, setTypingOther] = useState(false)
  const pickedValue = mark?.pickedUpBy ? String(mark.pickedUpBy) : typingOther ? OTHER : null
  return (
    <Table.Tr
      ref={rowRef}
      tabIndex={0}
      onKeyDown={onKeyDown}
      data-presence={mark?.presence ?? 'none'}
      aria-label={`${child.lastName} ${child.firstName}`}
      className={child.forbidden.length > 0 ? 'list-row list-row-forbidden' : 'list-row'}
    >
      <Table.Td>
        <Text size="sm" fw={600}>
          {child.lastName} {child.firstName}
        </Text>
        <Text size="xs" c="dimmed">
          {child.classLevel ?? 'Classe non renseignée'}
        </Text>
        <Flags child={child} healthShown={healthShown} />
      </Table.Td>
      <Table.Td>
        <People people={child.canPickUp} />
      </Table.Td>
      <Table.Td>
        <People people={child.forbidden} forbidden />
      </Table.Td>
      <Table.Td>
        <People people={child.emergency} />
      </Table.Td>
      <Table.Td>
        <Group gap={4} wrap="nowrap">
          <Button
            size="compact-xs"
            variant={mark?.presence === 'present' ? 'filled' : 'default'}
            color="teal"
            disabled={busy}
            onClick={() => onMark({ presence: mark?.presence === 'present' ? null : 'present' })}
            aria-pressed={mark?.presence === 'present'}
          >
            Présent
          </Button>
          <Button
            size="compact-xs"
            variant={mark?.presence === 'absent' ? 'filled' : 'default'}
            color="orange"
            disabled={busy}
            onClick={() => onMark({ presence: mark?.presence === 'absent' ? null : 'absent' })}
            aria-pressed={mark?.presence === 'absent'}
          >
            Absent
          </Button>
        </Group>
        {child.state === 'absence_a_verifier' && (
          <Group gap={4} mt={4} wrap="nowrap">
            <Button
              size="compact-xs"
              variant="light"
              color="orange"
              onClick={() => onResolve('absent_facture')}
            >
              Absent facturé
            </Button>
            <Button
              size="compact-xs"
              variant="light"
              color="blue"
              onClick={() => onResolve('absent_execute')}
            >
              Absent exécuté
            </Button>
          </Group>
        )}
      </Table.Td>
      {evening && (
        <Table.Td>
          <Group gap={4} wrap="nowrap">
            <TextInput
              size="xs"
              w={64}
              aria-label="Arrivée"
              placeholder="arrivée"
              defaultValue={mark?.arrivedAt ?? ''}
              key={`a-${mark?.version}`}
              disabled={mark?.presence !== 'present'}
              onBlur={(e) =>
                e.currentTarget.value !== (mark?.arrivedAt ?? '') &&
                onMark({ arrivedAt: e.currentTarget.value || null })
              }
            />
            <TextInput
              size="xs"
              w={64}
              aria-label="Départ"
              placeholder="départ"
              defaultValue={mark?.leftAt ?? ''}
              key={`d-${mark?.version}`}
              disabled={mark?.presence !== 'present'}
              onBlur={(e) =>
                e.currentTarget.value !== (mark?.leftAt ?? '') &&
                onMark({ leftAt: e.currentTarget.value || null })
              }
            />
          </Group>
        </Table.Td>
      )}
      {evening && (
        <Table.Td>
          <Select
            size="xs"
            aria-label="Récupéré par"
            placeholder="Récupéré par…"
            disabled={mark?.presence !== 'present'}
            data={[
              ...child.canPickUp.map((p) => ({ value: String(p.id), label: `${p.lastName} ${p.firstName}` })),
              { value: OTHER, label: 'Une autre personne…' },
            ]}
            value={pickedValue}
            onChange={(v) => {
              if (v === OTHER) return setTypingOther(true)
              setTypingOther(false)
              onMark({ pickedUpBy: v ? Number(v) : null })
            }}
          />
          {typingOther && (
            <TextInput
              size="xs"
              mt={4}
              aria-label="Nom de la personne venue"
              placeholder="Nom Prénom, puis Entrée"
              value={otherName}
              onChange={(e) => setOtherName(e.currentTarget.value)}
              onKeyDown={(e) => {
                e.stopPropagation()
                if (e.key === 'Enter' && otherName.trim()) onMark({ pickedUpName: otherName.trim() })
              }}
            />
          )}
          {mark?.pickedUpName && !mark.pickedUpBy && <Text size="xs">{mark.pickedUpName}</Text>}
        </Table.Td>
      )}
    </Table.Tr>
  )
}
