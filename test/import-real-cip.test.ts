// The CIP importers on the real files in ../shared/data/cip_soc (or CAREER_FACTS_DATA), when
// present: the NCES CIP 2020 list and California COE's TOP-CIP-SOC crosswalk (the NCES
// CIP–SOC crosswalk itself is not among them). Skips with a note when they are absent.
import { existsSync } from 'node:fs'
import path from 'node:path'
import t from 'tap'
import { importFile } from '../src/import/index.js'
import { setupApp } from './helpers/app.js'

const DATA = path.resolve(process.env.CAREER_FACTS_DATA ?? '../shared/data', 'cip_soc')
const CIP = path.join(DATA, 'CIPCode2020.csv')
const CALIFORNIA = path.join(DATA, 'TOP-CIP-SOC Crosswalk_2025-02.xlsx')

if (!existsSync(CIP) || !existsSync(CALIFORNIA)) {
  t.pass(`skipped: no CIP files in ${DATA}`)
} else {
  t.setTimeout(600_000)
  const { app, database } = await setupApp(t)
  const db = database.db

  t.test('the CIP 2020 list and the California crosswalk import, and again change nothing', async (t) => {
    const summary = await importFile(db, 'cip', CIP)
    const codes = summary.tables.get('field_of_study')
    t.equal((codes?.inserted ?? 0) + (codes?.unchanged ?? 0) + (codes?.updated ?? 0), 2687,
      'the 2,687 codes of CIP 2020')
    t.equal(summary.tables.get('cip_retired')?.inserted, 161, '12 deleted and 149 moved-from codes kept apart')
    const crosswalk = await importFile(db, 'cip-soc', CALIFORNIA)
    t.equal(crosswalk.rowsRead, 2230)
    t.same(
      [
        crosswalk.totals.inserted,
        crosswalk.skipped.get('the same link twice'),
        crosswalk.skipped.get('no matching CIP code or occupation'),
      ],
      [1664, 504, 62],
      '1,664 CIP–SOC links; the same pair under several TOP codes, and rows without a match, skipped',
    )
    t.comment(summary.format(), crosswalk.format())
    for (const file of [CIP, CALIFORNIA]) {
      const again = (await importFile(db, file === CIP ? 'cip' : 'cip-soc', file)).totals
      t.same([again.inserted, again.updated], [0, 0], `${path.basename(file)} a second time changes nothing`)
    }
  })

  t.test('known rows', async (t) => {
    const first = (await app.inject({ url: '/v1/fields-of-study/01.0000' })).json()
    t.match(first, { code: '01.0000', title: 'Agriculture, General', level: 'program', family: { code: '01' } })
    const technology = (await app.inject({ url: '/v1/fields-of-study/51.0707' })).json()
    t.ok(
      technology.occupations.some((o: { socCode: string, career: { slug: string } | null }) =>
        o.socCode === '29-2072' && o.career?.slug === 'health-information-technician'),
      'the crosswalk links health information technology to the seeded technician',
    )
    const numeric = (await app.inject({ url: '/v1/fields-of-study/43.0107' })).json()
    t.ok(numeric.occupations.some((o: { socCode: string }) => o.socCode === '33-3051'),
      'a code the workbook holds as a number (43.0107) is linked')
    const search = (await app.inject({ url: '/v1/fields-of-study?q=medical%20records&level=program' })).json()
    t.same(search.data.slice(0, 2).map((f: { code: string }) => f.code).sort(), ['51.0706', '51.0707'])
    const levels = await db.selectFrom('field_of_study')
      .select(['digits', db.fn.countAll<number>().as('n')])
      .groupBy('digits')
      .orderBy('digits')
      .execute()
    t.same(levels.map((row) => [row.digits, Number(row.n)]), [[2, 50], [4, 464], [6, 2173]])
  })
}
