import { describe, expect, it } from 'vitest'
import { KIND_SPECS, payloadFields } from '../../src-shared/requests/kinds'
import { draftReply, REPLY_TEMPLATES, replyContextOf, stateOf } from '../../src-shared/requests/reply'

const CHANNELS = ['portail', 'papier', 'téléphone'] as const
const OPENINGS = {
  portail: 'Votre demande du 03/07/2017',
  papier: 'Votre demande reçue par courrier le 03/07/2017',
  téléphone: 'Votre demande faite par téléphone le 03/07/2017',
}
const STATE_WORDS = {
  validated: 'a été validée.',
  partial: 'a été validée en partie.',
  refused: 'n’a pas pu être acceptée.',
  closed: 'a été classée sans suite.',
}
const DONE = { update: 'Nous avons enregistré', add: 'Nous avons ajouté', delete: 'Nous avons supprimé' }

describe('replies to the family (issue 10, point 10)', () => {
  const cases = Object.values(KIND_SPECS)
    .filter((spec) => spec.mode !== 'agenda')
    .flatMap((spec) =>
      CHANNELS.flatMap((channel) =>
        (['all', 'some', 'none', 'close'] as const).map((outcome) => ({ spec, channel, outcome })),
      ),
    )

  it.each(cases)(
    '$spec.kind by $channel, $outcome: every template reads right',
    ({ spec, channel, outcome }) => {
      const fields = payloadFields(spec).slice(0, 2)
      const lines = fields.map((f, i) => ({
        label: f.label,
        value: `valeur ${i}`,
        accept: outcome === 'all' || (outcome === 'some' && i === 0 && spec.mode === 'update'),
        reason: 'pièce manquante',
      }))
      const state = outcome === 'close' ? 'closed' : stateOf(lines.map((l) => l.accept))
      const ctx = replyContextOf({
        familyName: 'Monsieur TEST TEST',
        kindLabel: spec.label,
        submittedDay: '2017-07-03',
        state,
        notApplicable: null,
        agenda: false,
        mode: spec.mode,
        channel,
        lines: outcome === 'close' ? lines.map((l) => ({ ...l, accept: false, reason: null })) : lines,
      })
      for (const template of REPLY_TEMPLATES) {
        const reply = draftReply(ctx, template.id)
        expect(
          reply.startsWith(
            `Bonjour Monsieur TEST TEST,\n\n${OPENINGS[channel]} (${spec.label}) ${STATE_WORDS[state]}`,
          ),
        ).toBe(true)
        expect(reply.endsWith('Cordialement,\nLe service enfance jeunesse')).toBe(true)
        expect(reply).not.toMatch(/contacter directement/)
        for (const [mode, words] of Object.entries(DONE))
          if (mode !== spec.mode) expect(reply).not.toContain(words)
        if (template.id === 'detail' && state !== 'refused' && state !== 'closed')
          expect(reply).toContain(DONE[spec.mode as keyof typeof DONE])
        if (state === 'refused' && template.id === 'detail') {
          expect(reply).toContain('pièce manquante')
          // An addition or a deletion is refused whole: its reason once, not field by field.
          if (spec.mode !== 'update') expect(reply.split('pièce manquante')).toHaveLength(2)
        }
      }
    },
  )
})
