import { type AgendaState, agendaState } from '@shared/domain/agenda'

/** A state's colour with its letter, as the cells show it. */
export function StateSwatch({ state }: { state: AgendaState }) {
  const info = agendaState(state)
  return (
    <span className="agenda-swatch" style={{ background: info.colour, color: info.ink }} aria-hidden="true">
      {info.letter}
    </span>
  )
}
