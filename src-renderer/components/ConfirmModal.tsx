import { Button, Group, Modal, Stack, Text } from '@mantine/core'
import type { ReactNode } from 'react'
import { SaveFailure } from './SaveFailure'
import { useAction } from './useAction'

interface Props {
  title: string
  children: ReactNode
  confirmLabel: string
  successMessage: string
  onConfirm(): Promise<unknown>
  onClose(): void
  /** Offered when the refusal is a version conflict. */
  onReload(): void
}

/** "Are you sure?" before a deletion; the refusal, if any, is shown in the modal. */
export function ConfirmModal(props: Props) {
  const action = useAction()
  const confirm = async () => {
    if (await action.run(props.onConfirm, props.successMessage)) props.onClose()
  }
  return (
    <Modal opened onClose={props.onClose} title={props.title}>
      <Stack>
        {action.failure !== null && (
          <SaveFailure
            error={action.failure}
            onReload={() => {
              props.onReload()
              props.onClose()
            }}
          />
        )}
        <Text>{props.children}</Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onClose}>
            Annuler
          </Button>
          <Button color="red" loading={action.busy} onClick={confirm} data-autofocus>
            {props.confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}
