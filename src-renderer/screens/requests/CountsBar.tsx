import { Badge, Group } from '@mantine/core'
import type { RequestCounts } from '@shared/contract/requests'

/** Pending requests per kind: a click filters the queue on that kind. */
export function CountsBar({
  counts,
  onKind,
}: {
  counts: RequestCounts | undefined
  onKind: (kind: string) => void
}) {
  if (!counts) return null
  return (
    <Group gap={6} aria-label="Demandes en attente par type">
      <Badge size="md" variant="filled">
        {counts.pending} en attente
      </Badge>
      {counts.needsReview > 0 && (
        <Badge size="md" color="orange" variant="light">
          {counts.needsReview} à vérifier
        </Badge>
      )}
      {counts.byKind.map((k) => (
        <Badge
          key={k.kind}
          size="md"
          variant="outline"
          color="gray"
          style={{ cursor: 'pointer', textTransform: 'none' }}
          onClick={() => onKind(k.kind)}
        >
          {k.label} : {k.count}
        </Badge>
      ))}
    </Group>
  )
}
