import { describe, expect, it } from 'vitest'
import { addMonths, findVaccineProduct, vaccineStatus } from '../../src-shared/domain/vaccine-status'

const catalogue = [
  { name: 'Pentacoq', diseases: ['diphtheria', 'tetanus', 'polio', 'pertussis', 'hib'] },
  { name: 'Infanrix Hexa', diseases: ['diphtheria', 'tetanus', 'polio', 'pertussis', 'hib', 'hepatitis_b'] },
  { name: 'Prevenar 13', diseases: ['pneumococcus'] },
  { name: 'Neisvac C', diseases: ['meningococcus_c'] },
  { name: 'M-M-RVaxPro', diseases: ['measles', 'mumps', 'rubella'] },
  { name: 'Revaxis', diseases: ['diphtheria', 'tetanus', 'polio'] },
]
const today = '2026-11-27'
const fullRecord = [
  { name: 'Infanrix Hexa', date: '2019-03-01' },
  { name: 'Prevenar 13', date: '2019-03-01' },
  { name: 'Neisvac C', date: '2019-06-01' },
  { name: 'M-M-RVaxPro', date: '2020-01-10' },
]

describe('vaccineStatus', () => {
  it('asks the 11 vaccinations of a child born on 1 January 2018, only DTP of one born the day before', () => {
    const born2018 = vaccineStatus({ birthDate: '2018-01-01', vaccinations: [], today })
    expect(born2018.mandatory).toHaveLength(11)
    expect(born2018.missing).toHaveLength(11)
    expect(born2018.complete).toBe(false)
    const born2017 = vaccineStatus({ birthDate: '2017-12-31', vaccinations: [], today })
    expect(born2017.mandatory).toEqual(['diphtheria', 'tetanus', 'polio'])
  })

  it('counts every disease a product covers: one Pentacoq is DTP for a child born in 2017', () => {
    const status = vaccineStatus({
      birthDate: '2017-05-04',
      vaccinations: [{ name: 'Pentacoq', date: '2017-07-04' }],
      today,
      catalogue,
    })
    expect(status).toMatchObject({ complete: true, missing: [], covered: ['diphtheria', 'tetanus', 'polio'] })
  })

  it('finds what a child born in 2018 lacks after a pentavalent only', () => {
    const status = vaccineStatus({
      birthDate: '2019-01-01',
      vaccinations: [{ diseases: catalogue[0].diseases, date: '2019-03-01' }],
      today,
    })
    expect(status.covered).toEqual(['diphtheria', 'tetanus', 'polio', 'pertussis', 'hib'])
    expect(status.missing).toEqual([
      'hepatitis_b',
      'pneumococcus',
      'meningococcus_c',
      'measles',
      'mumps',
      'rubella',
    ])
  })

  it('is complete with a hexavalent, a pneumococcal, a meningococcal C and an MMR vaccine', () => {
    expect(
      vaccineStatus({ birthDate: '2019-01-01', vaccinations: fullRecord, today, catalogue }).complete,
    ).toBe(true)
  })

  it('matches names typed without care for case, accents, spaces or dashes, and reports unknown ones', () => {
    const status = vaccineStatus({
      birthDate: '2019-01-01',
      vaccinations: [
        { name: 'INFANRIX-HEXA', date: '2019-03-01' },
        { name: 'prévenar13', date: '2019-03-01' },
        { name: ' neisvac c ', date: '2019-06-01' },
        { name: 'mmrvaxpro', date: '2020-01-10' },
        { name: 'Vaccin inconnu', date: '2020-01-10' },
        { name: 'Vaccin inconnu', date: '2021-01-10' },
      ],
      today,
      catalogue,
    })
    expect(status.complete).toBe(true)
    expect(status.unrecognised).toEqual(['Vaccin inconnu'])
    expect(findVaccineProduct(catalogue, 'Mmr-Vax Pro')?.name).toBe('M-M-RVaxPro')
    expect(findVaccineProduct(catalogue, '  ')).toBeNull()
  })

  it('does not count a vaccination dated after today', () => {
    const status = vaccineStatus({
      birthDate: '2017-01-01',
      vaccinations: [{ name: 'Revaxis', date: '2026-11-28' }],
      today,
      catalogue,
    })
    expect(status.missing).toEqual(['diphtheria', 'tetanus', 'polio'])
  })

  it('gives 3 months from admission to catch up, and counts the days left', () => {
    const none = { birthDate: '2020-02-02', vaccinations: [], today: '2026-11-27' }
    expect(vaccineStatus({ ...none, admittedOn: '2026-11-01' }).provisional).toEqual({
      deadline: '2027-02-01',
      daysLeft: 66,
      overdue: false,
    })
    expect(vaccineStatus({ ...none, admittedOn: '2026-08-20' }).provisional).toEqual({
      deadline: '2026-11-20',
      daysLeft: -7,
      overdue: true,
    })
    expect(vaccineStatus(none).provisional).toBeNull()
    expect(
      vaccineStatus({ ...none, vaccinations: fullRecord, catalogue, admittedOn: '2026-11-01' }).provisional,
    ).toBeNull()
  })

  it('asks the 11 of a child whose birth date is unknown', () => {
    expect(vaccineStatus({ birthDate: null, vaccinations: [], today }).mandatory).toHaveLength(11)
  })

  it('adds months clamped to the end of shorter months', () => {
    expect(addMonths('2026-11-30', 3)).toBe('2027-02-28')
    expect(addMonths('2027-11-30', 3)).toBe('2028-02-29')
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28')
    expect(addMonths('2026-10-15', 3)).toBe('2027-01-15')
  })
})
