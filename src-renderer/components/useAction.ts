import { notifications } from '@mantine/notifications'
import { useState } from 'react'

/**
 * One button's action: busy while it runs, its refusal kept to show (see
 * SaveFailure), a notification when it succeeds. `run` answers whether it did.
 */
export function useAction() {
  const [busy, setBusy] = useState(false)
  const [failure, setFailure] = useState<unknown>(null)
  const run = async (work: () => Promise<unknown>, successMessage: string): Promise<boolean> => {
    setBusy(true)
    setFailure(null)
    try {
      await work()
      notifications.show({ color: 'teal', message: successMessage })
      return true
    } catch (error) {
      setFailure(error)
      return false
    } finally {
      setBusy(false)
    }
  }
  return { run, busy, failure, clear: () => setFailure(null) }
}
