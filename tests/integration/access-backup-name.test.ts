import { describe, expect, it } from 'vitest'
import { manualBackupName } from '../../src-main/backend/db/backup'

// "Sauvegarder maintenant" names its file in the time staff read in France (issue 10 point 21).

describe('manual backup file name', () => {
  it('is in Paris time, winter and summer, whatever the machine’s zone', () => {
    expect(manualBackupName(new Date('2026-12-01T18:43:05.120Z'))).toBe('sauvegarde-2026-12-01-19h43-05.db')
    expect(manualBackupName(new Date('2026-07-14T22:05:09Z'))).toBe('sauvegarde-2026-07-15-00h05-09.db')
  })
})
