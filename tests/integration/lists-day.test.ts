import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { computeAgenda } from '../../src-main/backend/agenda/index'
import type { Actor } from '../../src-main/backend/context'
import { markAttendance, resolveAbsence, validateDay } from '../../src-main/backend/lists/attendance'
import { dayListCsv, dayListPdf } from '../../src-main/backend/lists/day-documents'
import { dayList } from '../../src-main/backend/lists/day-list'
import { kitchenCount, markKitchenSent } from '../../src-main/backend/lists/kitchen'
import { kitchenPdf } from '../../src-main/backend/lists/kitchen-documents'
import { type AgendaWorld, agendaWorld, SCHOOL_WEEK } from './agenda-fixture'

// The day's lists from the agenda (docs/listes-du-jour.md): who is expected,
// who may pick each child up, attendance feeding the agenda, the kitchen's
// counts, and the printed files read back with pdftotext.

const MONDAY = '2017-06-12'
const stamp = '2017-06-01T08:00:00.000Z'

let world: AgendaWorld
let evening: number
let meals: number
let lea: number
let noah: number
let persons: { allowed: number; forbidden: number }

async function person(
  childId: number,
  last: string,
  first: string,
  flags: { forbidden?: boolean; emergency?: boolean },
) {
  const { id } = await world.db
    .insertInto('authorized_persons')
    .values({
      child_id: childId,
      last_name: last,
      first_name: first,
      relationship: 'grand_pere',
      phone: '0606060606',
      can_pick_up: flags.forbidden ? 0 : 1,
      pickup_forbidden: flags.forbidden ? 1 : 0,
      emergency_contact: flags.emergency ? 1 : 0,
      created_at: stamp,
      updated_at: stamp,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return id
}

beforeEach(async () => {
  world = await agendaWorld()
  evening = await world.addService({
    code: 'BIV-SOIR',
    name: 'Accueil du soir',
    kind: 'accueil_soir',
    capacity: 30,
  })
  meals = await world.addService({
    code: 'BIV-REPAS',
    name: 'Repas',
    kind: 'restauration',
    attendance: 'reservation',
  })
  lea = await world.addChild('383306398667', 'LÉA')
  noah = await world.addChild('383306398668', 'NOAH')
  await world.db
    .updateTable('children')
    .set({ school: 'École de Biviers', class_level: 'CP' })
    .where('id', 'in', [world.childId, lea, noah])
    .execute()
  await world.db
    .updateTable('children')
    .set({ diet: 'sans_porc', pai: 1, pai_valid_until: '2017-01-31', pai_packed_meal: 0 })
    .where('id', '=', lea)
    .execute()
  await world.db
    .insertInto('health_conditions')
    .values({
      child_id: lea,
      kind: 'allergie',
      label: 'Arachide',
      allergen: 'peanuts',
      created_at: stamp,
      updated_at: stamp,
    })
    .execute()
  persons = {
    allowed: await person(world.childId, 'PLRI', 'TEST', { emergency: true }),
    forbidden: await person(world.childId, 'VOISNE', 'TEST', { forbidden: true }),
  }
  await world.enrol(evening, '2016-09-01', SCHOOL_WEEK)
  await world.enrol(evening, '2016-09-01', SCHOOL_WEEK, { childId: lea })
  await world.enrol(evening, '2016-09-01', 0, { childId: noah })
  await world.enrol(meals, '2016-09-01', 0)
  await world.enrol(meals, '2016-09-01', 0, { childId: lea })
  await world.act({
    childId: world.childId,
    serviceId: meals,
    dates: [MONDAY, '2017-06-13'],
    action: 'reserve',
  })
  await world.act({ childId: lea, serviceId: meals, dates: [MONDAY], action: 'reserve' })
})

afterEach(async () => {
  await world.backend.dispose()
})

const agent: Actor = { staffId: null, login: 'agent', displayName: 'Agent sans santé', role: 'agent' }

describe('the day list', () => {
  it('lists the children expected by the agenda, with who may and may not pick them up', async () => {
    const list = await dayList(world.ctx, { structureId: world.structureId, date: MONDAY })
    const soir = list.services.find((s) => s.code === 'BIV-SOIR')!
    expect(soir.children.map((c) => c.firstName)).toEqual(['ENFANT', 'LÉA'])
    expect(soir.expected).toBe(2)
    expect(soir.capacity).toBe(30)
    const child = soir.children[0]
    expect(child.canPickUp.map((p) => p.lastName)).toEqual(['PLRI'])
    expect(child.forbidden.map((p) => p.lastName)).toEqual(['VOISNE'])
    expect(child.emergency.map((p) => p.lastName)).toEqual(['PLRI'])
    const leaLine = soir.children[1]
    expect(leaLine.pai).toEqual({ validUntil: '2017-01-31', expired: true, packedMeal: false })
    expect(leaLine.allergens).toEqual(['peanuts'])
    expect(leaLine.fileValidated).toBe(false)
    const repas = list.services.find((s) => s.code === 'BIV-REPAS')!
    expect(repas.children.map((c) => c.firstName)).toEqual(['ENFANT', 'LÉA'])
  })

  it('drops absences and congés, and nobody is expected on a closed day', async () => {
    await world.act({
      childId: lea,
      serviceId: evening,
      dates: [MONDAY],
      action: 'absence',
      at: '2017-06-01T08:00:00Z',
    })
    await world.close({ serviceId: meals }, '2017-06-13', '2017-06-13', 'Grève')
    const monday = await dayList(world.ctx, {
      structureId: world.structureId,
      date: MONDAY,
      serviceId: evening,
    })
    expect(monday.services).toHaveLength(1)
    expect(monday.services[0].children.map((c) => c.firstName)).toEqual(['ENFANT'])
    const closed = await dayList(world.ctx, {
      structureId: world.structureId,
      date: '2017-06-13',
      serviceId: meals,
    })
    expect(closed.services[0].open).toBe(false)
    expect(closed.services[0].children.filter((c) => c.expected)).toEqual([])
  })

  it('leaves health data out for a role without the health right', async () => {
    const list = await dayList(
      { ...world.ctx, actor: agent },
      { structureId: world.structureId, date: MONDAY },
    )
    expect(list.healthShown).toBe(false)
    const leaLine = list.services.find((s) => s.code === 'BIV-SOIR')!.children[1]
    expect(leaLine.pai).toBeNull()
    expect(leaLine.allergens).toBeNull()
    expect(leaLine.diet).toBeNull()
  })
})

describe('attendance', () => {
  const mark = (input: Partial<Parameters<typeof markAttendance>[1]> & { childId: number }) =>
    markAttendance(world.ctx, { serviceId: evening, date: MONDAY, presence: 'present', ...input })

  it('refuses a forbidden person at pick-up, naming them, and an unknown one', async () => {
    await expect(mark({ childId: world.childId, pickedUpBy: persons.forbidden })).rejects.toThrow(
      /VOISNE TEST est INTERDIT\(E\) de récupérer/,
    )
    await expect(mark({ childId: world.childId, pickedUpName: 'test voisne' })).rejects.toThrow(/INTERDIT/)
    await expect(mark({ childId: world.childId, pickedUpName: 'Jean Inconnu' })).rejects.toThrow(
      /n’est pas sur la liste des personnes autorisées/,
    )
    const line = await mark({
      childId: world.childId,
      pickedUpBy: persons.allowed,
      arrivedAt: '16:30',
      leftAt: '18:05',
    })
    expect(line.mark).toMatchObject({ presence: 'present', pickedUpName: 'PLRI TEST', leftAt: '18:05' })
  })

  it('turns marks into agenda states: hors contrat, absence à vérifier, then the staff decision', async () => {
    await mark({ childId: noah })
    await mark({ childId: lea, presence: 'absent' })
    const agenda = await computeAgenda(world.db, { serviceId: evening }, MONDAY, MONDAY)
    const state = (id: number) => agenda.rows.find((r) => r.childId === id)?.cells[0].state
    expect(state(noah)).toBe('heure_hors_contrat')
    expect(state(lea)).toBe('absence_a_verifier')
    expect(state(world.childId)).toBe('regulier')
    const decided = await resolveAbsence(world.ctx, {
      childId: lea,
      serviceId: evening,
      date: MONDAY,
      outcome: 'absent_facture',
    })
    expect(decided.state).toBe('absent_facture')
    // Clearing Noah's mark takes the unplanned hour back.
    await mark({ childId: noah, presence: null })
    const after = await computeAgenda(world.db, { serviceId: evening }, MONDAY, MONDAY)
    expect(after.rows.find((r) => r.childId === noah)?.cells[0].state).toBeNull()
    const audit = await world.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('action', 'in', ['attendance.mark', 'agenda.resolveAbsence'])
      .executeTakeFirstOrThrow()
    expect(audit.n).toBe(4)
  })

  it('counts an expected child with no mark as present once the day is validated', async () => {
    await mark({ childId: lea, presence: 'absent' })
    await validateDay(world.ctx, { serviceId: evening, date: MONDAY, validated: true })
    const list = await dayList(world.ctx, {
      structureId: world.structureId,
      date: MONDAY,
      serviceId: evening,
    })
    expect(list.services[0]).toMatchObject({ present: 1, absent: 1 })
    expect(list.services[0].validatedAt).not.toBeNull()
  })
})

describe('kitchen counts', () => {
  it('counts meals by diet and allergen, and shows what changed since the order was sent', async () => {
    const count = await kitchenCount(world.ctx, {
      structureId: world.structureId,
      from: MONDAY,
      to: '2017-06-13',
    })
    const monday = count.days.find((d) => d.date === MONDAY)!
    expect(monday.total).toBe(2)
    expect(monday.byDiet).toMatchObject({ standard: 1, sans_porc: 1, sans_gluten: 0 })
    expect(monday.packedMeals).toBe(0)
    const peanuts = monday.byAllergen.find((a) => a.allergen === 'peanuts')!
    expect(peanuts).toMatchObject({ count: 1, label: 'Arachides' })
    expect(peanuts.children.map((c) => c.firstName)).toEqual(['LÉA'])
    expect(monday.byAllergen).toHaveLength(14)
    expect(count.days.find((d) => d.date === '2017-06-13')!.total).toBe(1)

    await markKitchenSent(world.ctx, { serviceId: meals, date: MONDAY })
    await world.act({
      childId: lea,
      serviceId: meals,
      dates: [MONDAY],
      action: 'cancel',
      at: '2017-06-01T08:00:00Z',
    })
    const later = await kitchenCount(world.ctx, { structureId: world.structureId, from: MONDAY, to: MONDAY })
    expect(later.days[0].total).toBe(1)
    expect(later.days[0].changesSinceSent).toEqual({ added: [], removed: ['TEST LÉA'], changed: [] })
  })

  it('gives an agent the totals only', async () => {
    const count = await kitchenCount(
      { ...world.ctx, actor: agent },
      { structureId: world.structureId, from: MONDAY, to: MONDAY },
    )
    expect(count.days[0]).toMatchObject({ total: 2, byDiet: {}, byAllergen: [], packedMeals: 0 })
  })
})

describe('printed lists', () => {
  /** The PDF's text: laid out as on paper, or in the order it was written (one cell after another). */
  function pdfText(bytes: Buffer, mode: '-layout' | '-raw' = '-layout'): string {
    const dir = mkdtempSync(join(tmpdir(), 'marelle-pdf-'))
    writeFileSync(join(dir, 'list.pdf'), bytes)
    const text = execFileSync('pdftotext', [mode, join(dir, 'list.pdf'), '-'], { encoding: 'utf8' })
    return mode === '-raw' ? text.replace(/\s+/g, ' ') : text
  }

  it('prints the attendance list with the forbidden person, the expired PAI and page numbers', async () => {
    const list = await dayList(world.ctx, { structureId: world.structureId, date: MONDAY })
    const text = pdfText(await dayListPdf(list, new Date('2017-06-12T06:15:00Z')), '-raw')
    expect(text).toContain('Liste de présence')
    expect(text).toContain('Ecoles de Biviers - Périscolaire')
    expect(text).toContain('lundi 12 juin 2017')
    expect(text).toContain('Imprimé le 12/06/2017 à 08:15')
    expect(text).toContain('INTERDIT : VOISNE TEST')
    expect(text).toContain('PAI EXPIRÉ (31/01/2017)')
    expect(text).toContain('Allergies : Arachides')
    expect(text).toMatch(/Page 1 \/ 2/)
    expect(text).not.toMatch(/vaccin/i)
  })

  it('prints the kitchen order and writes the CSV in the family files format', async () => {
    const count = await kitchenCount(world.ctx, { structureId: world.structureId, from: MONDAY, to: MONDAY })
    const text = pdfText(await kitchenPdf(count, new Date('2017-06-12T06:15:00Z')))
    expect(text).toContain('Commande de repas')
    expect(text).toMatch(/Sans porc\s+1/)
    expect(text).toContain('TEST LÉA (CP)')
    const list = await dayList(world.ctx, { structureId: world.structureId, date: MONDAY })
    const csv = Buffer.from(dayListCsv(list)).toString('utf8')
    expect(csv.startsWith('\ufeffDate;Code service;Service;Identifiant')).toBe(true)
    expect(csv).toContain('\r\n12/06/2017;BIV-SOIR;Accueil du soir;383306398666;TEST;ENFANT')
  })
})
