import type { Session } from '../context'

// What a window's session holds beyond who is signed in: whether the window
// locked itself after inactivity. Kept beside the Session object (the
// transport owns it: one per window or browser tab), forgotten with it.

const locked = new WeakSet<Session>()

export function isSessionLocked(session: Session): boolean {
  return locked.has(session)
}

export function lockSession(session: Session): void {
  locked.add(session)
}

export function unlockSession(session: Session): void {
  locked.delete(session)
}
