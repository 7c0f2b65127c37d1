import { z } from '../zod'
import { channel } from './define'

const dialog = {
  title: z.string().max(200),
  defaultName: z.string().max(255).optional(),
  filters: z
    .array(z.object({ name: z.string().max(100), extensions: z.array(z.string().max(10)).max(10) }).strict())
    .max(10)
    .optional(),
}

/** The desktop app's file dialogs; in the web mode they answer UNAVAILABLE and screens use downloads and file inputs. */
export const fileChannels = {
  'files/chooseSave': channel(z.object(dialog).strict()).returns<{ path: string | null }>(),
  'files/chooseOpen': channel(z.object({ ...dialog, multiple: z.boolean().optional() }).strict()).returns<{
    paths: string[]
  }>(),
}
