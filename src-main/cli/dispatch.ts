import type { ChannelName, Input, Output } from '@shared/contract/index'
import type { StaffContext } from '../backend/context'
import { AppError } from '../backend/errors'
import { handlers } from '../backend/handlers'
import { createActorDispatcher } from '../backend/ipc/dispatch'

/**
 * Calls a channel as the screens do, through the same dispatcher (schema,
 * role, health tracing, error shape), in the name of the command's actor.
 * A refusal is thrown as the AppError the CLI prints in French (exit 1).
 */
export async function callChannel<K extends ChannelName>(
  ctx: StaffContext,
  channel: K,
  input: Input<K>,
): Promise<Output<K>> {
  const envelope = await createActorDispatcher(ctx, handlers)(channel, input, ctx.actor)
  if (!envelope.ok) {
    const { code, message, fields, details } = envelope.error
    throw new AppError(code, message, fields, details)
  }
  return envelope.value as Output<K>
}
