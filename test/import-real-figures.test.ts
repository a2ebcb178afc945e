// Figure details on the real official files in ../shared/data (or CAREER_FACTS_DATA), when
// present: top-coded OEWS medians are served as null with their floor under `atLeast`; EP's
// percent self-employed reaches each occupation's outlook; each occupation's profile links
// to the Occupational Outlook Handbook page EP's crosswalk names. Only the four files these
// need are imported (test/import-real.test.ts imports them all).
import { existsSync } from 'node:fs'
import path from 'node:path'
import t from 'tap'
import { importFile, type ImportKind } from '../src/import/index.js'
import { setupApp } from './helpers/app.js'

const DATA = path.resolve(process.env.CAREER_FACTS_DATA ?? '../shared/data')
const FILES: Array<[ImportKind, string]> = [
  ['soc', 'soc/soc_2018_definitions.xlsx'],
  ['soc', 'ep/nem-onet-to-soc-crosswalk.xlsx'],
  ['oews', 'oews/national_M2024_dl.xlsx'],
  ['projections', 'ep/occupation.xlsx'],
]

interface Profile {
  wage: { period: string, annual: { median: number | null, atLeast: { median?: number } } } | null
  outlook: { baseYear: number, percentSelfEmployed: number | null } | null
  ooh: { title: string, url: string } | null
}

const percent = (part: number, whole: number): string => `${(100 * part / whole).toFixed(1)}%`

if (FILES.some(([, file]) => !existsSync(path.join(DATA, file)))) {
  t.pass(`skipped: the official files are not all in ${DATA}`)
} else {
  t.setTimeout(900_000)
  const { app, database } = await setupApp(t, { rateLimitMax: 1_000_000 })
  const db = database.db
  const get = async <T>(url: string): Promise<T> => {
    const response = await app.inject({ url })
    if (response.statusCode !== 200) throw new Error(`${url}: ${response.statusCode} ${response.body}`)
    return response.json<T>()
  }
  for (const [kind, file] of FILES) await importFile(db, kind, path.join(DATA, file))
  const civilian = (await db.selectFrom('soc_occupation').select('code')
    .where('soc_version', '=', 2018).where('level', '=', 'detailed').where('code', 'not like', '55-%')
    .orderBy('code').execute()).map((row) => row.code)
  const profiles = new Map<string, Profile>()
  for (const code of civilian) profiles.set(code, await get<Profile>(`/v1/careers/${code}`))

  t.test('top-coded medians: null, with the floor under atLeast', async (t) => {
    const anesthesiologists = profiles.get('29-1211')
    t.match(anesthesiologists?.wage, { period: '2024-05', annual: { median: null, atLeast: { median: 239200 } } },
      'Anesthesiologists\' latest median is no number: at or above $239,200')
    const topCoded = (await db.selectFrom('wage_estimate').select('soc_code')
      .where('period_year', '=', 2024).where('area_code', '=', 'US').where('industry_code', 'is', null)
      .where((eb) => eb(eb.ref('flags', '->>').key('annual_median'), '=', '#'))
      .orderBy('soc_code').execute()).map((row) => row.soc_code)
    t.comment(`top-coded medians in May 2024: ${topCoded.length} (${topCoded.join(' ')})`)
    t.equal(topCoded.length, 17, 'as the file marks them')
    for (const code of topCoded) {
      type Wages = { data: Array<NonNullable<Profile['wage']>> }
      const { data } = await get<Wages>(`/v1/careers/${code}/salaries?year=2024`)
      t.same([data[0]?.annual.median, data[0]?.annual.atLeast.median], [null, 239200], code)
    }
    const shownAsValue = [...profiles].filter(([, p]) => p.wage?.annual.median === 239200).map(([code]) => code)
    t.same(shownAsValue, [], 'no profile shows the floor as a median')
  })

  t.test('percent self-employed, where EP publishes it', async (t) => {
    const withOutlook = [...profiles].filter(([, p]) => p.outlook?.baseYear === 2024)
    const withShare = withOutlook.filter(([, p]) => p.outlook?.percentSelfEmployed !== null)
    t.comment(`civilian detailed occupations with a 2024–34 projection: ${withOutlook.length} of ${civilian.length}; ` +
      `with percentSelfEmployed: ${withShare.length} (${percent(withShare.length, withOutlook.length)}); ` +
      'EP prints "—" (data unavailable) for the rest')
    t.equal(withOutlook.length, civilian.length, 'every civilian occupation has the cycle\'s projection')
    const rows = await db.selectFrom('projection as p').innerJoin('projection_cycle as c', 'c.id', 'p.cycle_id')
      .where('c.base_year', '=', 2024)
      .select(({ fn }) => [
        fn.countAll<number>().as('all'), fn.count<number>('p.percent_self_employed').as('published'),
      ])
      .executeTakeFirstOrThrow()
    t.comment(`EP 2024–34 line items with a share: ${rows.published} of ${rows.all}`)
    t.same([Number(rows.all), Number(rows.published)], [832, 633], 'as Table 1.2 prints them: 199 "—"')
    t.match(profiles.get('11-9111')?.outlook, { percentSelfEmployed: 5.1 })
    t.match(profiles.get('29-2072')?.outlook, { percentSelfEmployed: 0.8 })
    t.match(profiles.get('11-1031')?.outlook, { percentSelfEmployed: null }, 'legislators: "—"')
    t.match(profiles.get('31-1121')?.outlook, { percentSelfEmployed: 2.8 }, 'a group\'s share reaches its members')
  })

  t.test('Occupational Outlook Handbook links', async (t) => {
    const linked = [...profiles].filter(([, p]) => p.ooh !== null)
    t.comment(`civilian detailed occupations with an OOH link: ${linked.length} of ${civilian.length} ` +
      `(${percent(linked.length, civilian.length)}); the crosswalk prints "—" for the rest`)
    t.ok(linked.every(([, p]) => /^https:\/\/www\.bls\.gov\/OOH\/[a-z-]+\/[a-z0-9-]+\.htm$/i.test(p.ooh?.url ?? '')),
      'every link is an OOH page')
    t.same(profiles.get('29-1211')?.ooh, {
      title: 'Physicians and surgeons', url: 'https://www.bls.gov/OOH/healthcare/physicians-and-surgeons.htm',
    })
    t.equal(profiles.get('11-1031')?.ooh, null, 'no OOH profile covers legislators')
    const group = await get<Profile>('/v1/careers/21-1018')
    t.match(group.ooh, { url: /substance-abuse-behavioral-disorder-and-mental-health-counselors\.htm$/ },
      'a group career has the profile of the occupations published within it')

    // Table 1.2 links the same profiles behind "OOH Content" hyperlinks: compared, for the record.
    const { default: excel } = await import('exceljs')
    const book = new excel.Workbook()
    await book.xlsx.readFile(path.join(DATA, 'ep/occupation.xlsx'))
    const sheet = book.getWorksheet('Table 1.2')
    const links = await db.selectFrom('ooh_profile').select(['soc_code', 'url']).execute()
    const crosswalk = new Map(links.map((row) => [row.soc_code, row.url]))
    let items = 0
    let same = 0
    const differ: string[] = []
    sheet?.eachRow((row, number) => {
      if (number < 3 || row.getCell(3).value !== 'Line item') return
      items++
      const code = String(row.getCell(2).value)
      const hyperlink = row.getCell(16).hyperlink ?? null
      const ours = crosswalk.get(code) ?? null
      if (hyperlink === null && ours === null) return
      if (hyperlink !== null && ours !== null && hyperlink.toLowerCase() === ours.toLowerCase()) same++
      else differ.push(`${code}: Table 1.2 ${hyperlink ?? '—'}, crosswalk ${ours ?? '—'}`)
    })
    t.comment(`Table 1.2 line items: ${items}; the same OOH link as the crosswalk: ${same}; different: ` +
      `${differ.length}\n${differ.join('\n')}`)
    t.ok(same >= 590, 'the two agree on all but a few')
  })
}
