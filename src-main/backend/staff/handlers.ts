import type { staffChannels } from '@shared/contract/staff'
import type { HandlersOf } from '../ipc/handler-types'
import { createStaff, listStaff, resetStaffPassword, updateStaff } from './service'

export const staffHandlers = {
  'staff/list': (ctx) => listStaff(ctx),
  'staff/create': (ctx, input) => createStaff(ctx, input),
  'staff/update': (ctx, input) => updateStaff(ctx, input),
  'staff/resetPassword': (ctx, input) => resetStaffPassword(ctx, input.id, input.password),
} satisfies HandlersOf<typeof staffChannels>
