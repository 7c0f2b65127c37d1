import { Badge, Button, Group, Select, Textarea } from '@mantine/core'
import { REPLY_TEMPLATES } from '@shared/requests/reply'
import type { Ref } from 'react'
import type { ReviewDecisions } from './review-state'

const TEMPLATE_OPTIONS = REPLY_TEMPLATES.map((t) => ({ value: t.id, label: t.label }))

/** The reply to the family: drafted from a template as the lines are decided, editable by hand. */
export function ReplyEditor({
  state,
  textRef,
}: {
  state: ReviewDecisions
  textRef: Ref<HTMLTextAreaElement>
}) {
  return (
    <div>
      <Group justify="space-between" mb={4}>
        <Group gap="xs">
          <Select
            size="xs"
            label="Modèle de réponse"
            data={TEMPLATE_OPTIONS}
            value={state.templateId}
            allowDeselect={false}
            onChange={(v) => v && state.chooseTemplate(v)}
            w={240}
          />
          {state.replyEdited && (
            <Badge mt={20} size="sm" variant="light" color="blue">
              Modifiée à la main
            </Badge>
          )}
        </Group>
        {state.replyEdited && (
          <Button
            mt={20}
            size="compact-xs"
            variant="subtle"
            onClick={() => state.chooseTemplate(state.templateId)}
          >
            Revenir au modèle
          </Button>
        )}
      </Group>
      <Textarea
        ref={textRef}
        label="Réponse à la famille"
        autosize
        minRows={6}
        maxRows={14}
        value={state.reply}
        onChange={(e) => state.editReply(e.currentTarget.value)}
      />
    </div>
  )
}
