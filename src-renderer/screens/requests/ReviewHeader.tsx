import { Alert, Badge, Group, Stack, Text, Title } from '@mantine/core'
import type { RequestReview } from '@shared/contract/requests'
import { labelOf } from '@shared/domain/options'
import { REQUEST_CHANNELS } from '@shared/domain/requests'
import { formatDay } from '@shared/format/date'
import { IconAlertTriangle, IconCalendarOff, IconEye, IconInfoCircle } from '@tabler/icons-react'
import { formatReceived } from './submitted'

const STATE_COLORS: Record<string, string> = {
  pending: 'blue',
  validated: 'teal',
  refused: 'red',
  partial: 'yellow',
  replaced: 'gray',
  closed: 'gray',
}

/** Who sent what and when, the flags, and why the request cannot (or can no longer) be applied. */
export function ReviewHeader({ review }: { review: RequestReview }) {
  return (
    <Stack gap="xs">
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={4}>{review.kindLabel}</Title>
          <Text size="sm" c="dimmed">
            {review.ref} · {review.channel === 'portail' ? 'envoyée' : 'reçue'} le{' '}
            {formatReceived(review.submittedTimeKnown, review.submittedAt)} ·{' '}
            {labelOf(REQUEST_CHANNELS, review.channel)}
            {review.enteredBy ? ` (saisie par ${review.enteredBy})` : ''}
          </Text>
        </div>
        <Group gap={6}>
          <Badge color={STATE_COLORS[review.state]}>{review.stateLabel}</Badge>
          {review.needsReview && (
            <Badge color="orange" variant="light" leftSection={<IconEye size={12} />}>
              À vérifier
            </Badge>
          )}
          {review.conflict && (
            <Badge color="red" variant="light" leftSection={<IconAlertTriangle size={12} />}>
              Conflit
            </Badge>
          )}
        </Group>
      </Group>
      <Text size="sm">
        Famille n° {review.family.number} — {review.family.name || 'responsable inconnu'}
        {review.child ? ` · Enfant : ${review.child.name} (${review.child.identifier})` : ''}
        {review.state === 'pending' ? ` · en attente depuis ${review.daysWaiting} jour(s)` : ''}
      </Text>
      {review.comment && (
        <Text size="sm" fs="italic">
          Commentaire : « {review.comment} »
        </Text>
      )}
      {review.notApplicable && (
        <Alert color="orange" icon={<IconInfoCircle />} title="Cette demande ne s’applique plus">
          {review.notApplicable} Vous pouvez la refuser ou la classer sans suite, avec une réponse à la
          famille.
        </Alert>
      )}
      {review.warning && review.state === 'pending' && (
        <Alert color="orange" icon={<IconAlertTriangle />} title="Avant de valider" role="status">
          {review.warning}
        </Alert>
      )}
      {review.blocked && review.state === 'pending' && (
        <Alert color="gray" icon={<IconCalendarOff />} title="Validation impossible pour l’instant">
          {review.blocked}
        </Alert>
      )}
      {review.replacedBy && (
        <Alert color="gray" icon={<IconInfoCircle />}>
          Remplacée par la demande {review.replacedBy.ref}, plus récente.
        </Alert>
      )}
      {review.replaces.length > 0 && (
        <Text size="xs" c="dimmed">
          Remplace : {review.replaces.map((r) => r.ref).join(', ')}
        </Text>
      )}
      {review.decidedAt && review.state !== 'pending' && review.state !== 'replaced' && (
        <Text size="sm">
          Décidée le {formatDay(review.decidedAt.slice(0, 10))} par {review.decidedBy ?? '—'}.{' '}
          {review.resolution}
        </Text>
      )}
    </Stack>
  )
}
