import { Badge, Button, Group, Select, Stack, Text, Textarea } from '@mantine/core'
import { REPLY_TEMPLATES } from '@shared/requests/reply'
import { type Ref, useId } from 'react'
import type { ReviewDecisions } from './review-state'

const TEMPLATE_OPTIONS = REPLY_TEMPLATES.map((t) => ({ value: t.id, label: t.label }))

/** The reply to the family: drafted from a template as the lines are decided, editable by hand. */
export function ReplyEditor({
  state,
  textRef,
  rows,
}: {
  state: ReviewDecisions
  textRef: Ref<HTMLTextAreaElement>
  /** Lines shown before the box scrolls: fewer in a low pane, so that the buttons stay in sight. */
  rows: number
}) {
  const id = useId()
  return (
    <Stack gap={4}>
      <Group justify="space-between" gap="xs" wrap="nowrap">
        <Text component="label" htmlFor={id} size="sm" fw={500}>
          Réponse à la famille
        </Text>
        <Group gap={6} wrap="nowrap">
          {state.replyEdited && (
            <>
              <Badge size="sm" variant="light" color="blue">
                Modifiée à la main
              </Badge>
              <Button
                size="compact-xs"
                variant="subtle"
                onClick={() => state.chooseTemplate(state.templateId)}
              >
                Revenir au modèle
              </Button>
            </>
          )}
          <Select
            size="xs"
            aria-label="Modèle de réponse"
            data={TEMPLATE_OPTIONS}
            value={state.templateId}
            allowDeselect={false}
            onChange={(v) => v && state.chooseTemplate(v)}
            w={190}
          />
        </Group>
      </Group>
      <Textarea
        id={id}
        ref={textRef}
        autosize
        minRows={Math.min(3, rows)}
        maxRows={rows}
        value={state.reply}
        onChange={(e) => state.editReply(e.currentTarget.value)}
      />
    </Stack>
  )
}
