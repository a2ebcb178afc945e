// The importers on the real official files in ../shared/data (or CAREER_FACTS_DATA), when
// present: every file the importers read goes in, known published figures land where the
// API serves them, and every detailed SOC occupation gets an answer with wages and outlook,
// or the documented reason it has none.
import { existsSync } from 'node:fs'
import path from 'node:path'
import t from 'tap'
import { importFile, type ImportKind } from '../src/import/index.js'
import { setupApp } from './helpers/app.js'

const DATA = path.resolve(process.env.CAREER_FACTS_DATA ?? '../shared/data')

// Published by BLS only within a broader code (EP's O*NET-SOC to NEM crosswalk; OEWS uses the same codes).
const PUBLISHED_WITHIN: Record<string, string> = {
  '13-1021': '13-1020', '13-1022': '13-1020', '13-1023': '13-1020', '13-2022': '13-2020', '13-2023': '13-2020',
  '21-1011': '21-1018', '21-1014': '21-1018', '25-2055': '25-2052', '25-2056': '25-2052',
  '25-9042': '25-9045', '25-9043': '25-9045', '25-9049': '25-9045', '29-2011': '29-2010', '29-2012': '29-2010',
  '31-1121': '31-1120', '31-1122': '31-1120', '39-7011': '39-7010', '39-7012': '39-7010', '47-4091': '47-4090',
  '47-4099': '47-4090',
  '51-2022': '51-2028', '51-2023': '51-2028', '51-2092': '51-2090', '51-2099': '51-2090',
  '53-1042': '53-1047', '53-1043': '53-1047', '53-1044': '53-1047', '53-1049': '53-1047',
}

const MILITARY = [
  '55-1011', '55-1012', '55-1013', '55-1014', '55-1015', '55-1016', '55-1017', '55-1019',
  '55-2011', '55-2012', '55-2013',
  '55-3011', '55-3012', '55-3013', '55-3014', '55-3015', '55-3016', '55-3018', '55-3019',
]

const ONET = ['Occupation Data.txt', 'Task Statements.txt', 'Alternate Titles.txt', 'Sample of Reported Titles.txt',
  'Related Occupations.txt', 'Job Zones.txt', 'Education, Training, and Experience Categories.txt',
  'Education, Training, and Experience.txt']

if (!existsSync(path.join(DATA, 'oews', 'national_M2024_dl.xlsx'))) {
  t.pass(`skipped: no official data files in ${DATA}`)
} else {
  // Every real file on PGlite takes minutes on a shared 2-core machine.
  t.setTimeout(1_200_000)
  // One request per occupation, far past the default limit.
  const { app, database } = await setupApp(t, { rateLimitMax: 1_000_000 })
  const db = database.db
  const load = async (kind: ImportKind, file: string) => (await importFile(db, kind, path.join(DATA, file))).totals
  const get = async (url: string) => {
    const response = await app.inject({ url })
    if (response.statusCode !== 200) throw new Error(`${url}: ${response.statusCode} ${response.body}`)
    return response.json()
  }

  t.test('every real file the importers read imports, and a second run changes nothing', async (t) => {
    const definitions = await load('soc', 'soc/soc_2018_definitions.xlsx')
    t.equal(definitions.inserted, 1447 + 867,
      'every SOC group, and an official career for each detailed occupation, the seed\'s four codes included')
    t.equal((await load('soc', 'soc/soc_structure_2018.xlsx')).inserted, 0, 'the structure names the same groups')
    await load('soc', 'soc/soc_2018_direct_match_title_file.xlsx')
    await load('soc', 'soc/soc_2010_to_2018_crosswalk.xlsx')
    const nem = await load('soc', 'ep/nem-onet-to-soc-crosswalk.xlsx')
    t.same([nem.inserted, nem.skipped], [28 + 12 + 28 + 617, 294 + 87], '28 occupations published within a ' +
      'broader code, the 12 codes they are published under as careers, linked to their 28 members, and the OOH ' +
      'profile links of 617 codes; 294 O*NET-SOC records under their own code with no OOH profile, ' +
      '87 specialties of an occupation already recorded')
    const oews2024 = await load('oews', 'oews/national_M2024_dl.xlsx')
    t.same([oews2024.inserted, oews2024.skipped], [831, 572], '831 detailed occupations; 572 aggregates skipped')
    t.same((await load('oews', 'oews/national_M2023_dl.xlsx')).inserted, 831)
    const oews2015 = await load('oews', 'oews/national_M2015_dl.xlsx')
    t.same([oews2015.inserted + oews2015.updated, oews2015.skipped], [820, 574])
    const ep = await load('projections', 'ep/occupation.xlsx')
    t.same([ep.inserted, ep.skipped], [832, 285])
    for (const file of ONET) await load('onet', path.join('onet_29_2', file))

    const sources = await db.selectFrom('source')
      .selectAll()
      .where('slug', 'not like', 'test-%')
      .orderBy('slug')
      .execute()
    const imported = sources.filter((source) =>
      /^(soc-2018-|bls-oews-20(15|23|24)|bls-ep-2024|bls-ep-nem|onet-)/.test(source.slug))
    t.equal(imported.length, 4 + 3 + 2 + 1,
      'SOC\'s four files, three OEWS periods, the EP cycle and crosswalk, O*NET 29.2')
    t.same(
      imported.filter((s) =>
        [s.publisher, s.dataset, s.reference_period, s.url].some((field) => field === null || field === '')),
      [],
      'each with publisher, dataset, reference period and URL',
    )
    const duplicates = await db.selectFrom('career')
      .select('soc_code')
      .where('soc_code', 'is not', null)
      .where('kind', '<>', 'editorial')
      .groupBy('soc_code')
      .having((eb) => eb.fn.countAll(), '>', 1)
      .execute()
    t.same(duplicates, [], 'merged by SOC code: one official career per code')

    for (const [kind, file] of [
      ['soc', 'ep/nem-onet-to-soc-crosswalk.xlsx'],
      ['oews', 'oews/national_M2024_dl.xlsx'],
      ['projections', 'ep/occupation.xlsx'],
      ['onet', 'onet_29_2/Related Occupations.txt'],
    ] as const) {
      const again = await load(kind, file)
      t.same([again.inserted, again.updated], [0, 0], `${file} a second time: 0 inserted, 0 updated`)
    }
  })

  t.test('known rows, as the files publish them', async (t) => {
    const wage = (code: string, year: number) => db.selectFrom('wage_estimate')
      .select(['employment', 'annual_mean', 'annual_median'])
      .where('soc_code', '=', code)
      .where('period_year', '=', year)
      .where('area_code', '=', 'US')
      .where('industry_code', 'is', null)
      .executeTakeFirstOrThrow()
    t.same(await wage('29-2072', 2024), { employment: 187910, annual_mean: 55970, annual_median: 50250 })
    t.same(await wage('29-2072', 2023), { employment: 185690, annual_mean: 53690, annual_median: 48780 })
    t.same(await wage('11-9111', 2024), { employment: 565840, annual_mean: 137730, annual_median: 117960 })
    t.same(await wage('11-9111', 2023), { employment: 515100, annual_mean: 134440, annual_median: 110680 })
    t.same(await wage('11-9111', 2015), { employment: 314950, annual_mean: 106070, annual_median: 94500 })
    t.same(await wage('29-2071', 2015), { employment: 189930, annual_mean: 40430, annual_median: 37110 },
      'May 2015, under the 2010 code')
    const projection = (code: string) => db.selectFrom('projection as p')
      .innerJoin('projection_cycle as c', 'c.id', 'p.cycle_id')
      .select([
        'p.change_percent',
        'p.base_employment',
        'p.projected_employment',
        'p.annual_openings',
        'p.typical_education',
      ])
      .where('p.soc_code', '=', code)
      .where('c.base_year', '=', 2024)
      .executeTakeFirstOrThrow()
    t.same(await projection('11-9111'), {
      change_percent: 23.2,
      base_employment: 616200,
      projected_employment: 759100,
      annual_openings: 62100,
      typical_education: 'bachelor',
    })
    t.same(await projection('29-2072'), {
      change_percent: 7.1,
      base_employment: 194800,
      projected_employment: 208600,
      annual_openings: 14200,
      typical_education: 'postsecondary-nondegree',
    })
    const flagged = await db.selectFrom('wage_estimate')
      .select(['annual_p90', 'flags'])
      .where('soc_code', '=', '11-1011')
      .where('period_year', '=', 2024)
      .executeTakeFirstOrThrow()
    t.same(flagged, {
      annual_p90: 239200,
      flags: { annual_p90: '#', hourly_p75: '#', hourly_p90: '#', annual_p75: '#' },
    })
    const split = await db.selectFrom('soc_crosswalk')
      .select('soc2018')
      .where('soc2010', '=', '29-2071')
      .orderBy('soc2018')
      .execute()
    t.same(split.map((r) => r.soc2018), ['29-2072', '29-9021'])

    const records = await db.selectFrom('career')
      .select(['id', 'job_zone'])
      .where('soc_code', '=', '29-2072')
      .where('kind', '=', 'occupation')
      .executeTakeFirstOrThrow()
    t.equal(records.job_zone, 3, 'O*NET job zone')
    const registrar = await db.selectFrom('career')
      .select(['duties', 'text_source_id'])
      .where('soc_code', '=', '29-9021')
      .executeTakeFirstOrThrow()
    t.ok(registrar.duties.length > 0, 'an imported career takes O*NET\'s task statements as duties')
  })

  t.test('the API answers for every detailed SOC occupation with wages and outlook, or says why not', async (t) => {
    const occupations = (await db.selectFrom('soc_occupation')
      .select('code')
      .where('soc_version', '=', 2018)
      .where('level', '=', 'detailed')
      .orderBy('code')
      .execute())
      .map((row) => row.code)
    t.equal(occupations.length, 867)
    t.same(occupations.filter((code) => code.startsWith('55-')), MILITARY)
    const military = await db.selectFrom('wage_estimate').select('soc_code').where('soc_code', 'like', '55-%')
      .union(db.selectFrom('projection').select('soc_code').where('soc_code', 'like', '55-%')).execute()
    t.same(military, [], 'no OEWS or EP file carries a military occupation: BLS does not survey them')

    const missing: string[] = []
    const grouped: Record<string, string> = {}
    const older: string[] = []
    for (const code of occupations) {
      const body = await get(`/v1/careers/${code}`)
      if (MILITARY.includes(code)) {
        if (body.wage !== null || body.outlook !== null || body.notPublished?.reason !== 'not-surveyed') {
          missing.push(`${code} (military)`)
        }
        continue
      }
      if (body.wage === null || body.outlook === null || body.notPublished !== null) {
        missing.push(code)
        continue
      }
      if (body.wage.publishedAs === 'group' || body.outlook.publishedAs === 'group') {
        grouped[code] = `${body.wage.socCode} ${body.wage.publishedAs}, ` +
          `${body.outlook.socCode} ${body.outlook.publishedAs}`
      }
      if (body.wage.period !== '2024-05' || body.outlook.baseYear !== 2024) {
        older.push(`${code} ${body.wage.period} SOC ${body.wage.socVersion}`)
      }
    }
    t.same(missing, [], 'every civilian occupation has a wage and an outlook; every military one says why it has none')
    t.same(
      grouped,
      Object.fromEntries(Object.entries(PUBLISHED_WITHIN)
        .map(([code, group]) => [code, `${group} group, ${group} group`])),
      'the 28 occupations BLS publishes only within a broader code are served that code\'s figures, ' +
        'marked as a group\'s',
    )
    t.same(older, ['45-3031 2015-05 SOC 2010'],
      'fishers: no 2024 wage of their own, so May 2015\'s reaches them through the crosswalk')
  })

  t.test('mapped occupations carry the broader code\'s published figures', async (t) => {
    const aide = await get('/v1/careers/31-1121')
    t.match(aide.wage, {
      socCode: '31-1120',
      socVersion: 2018,
      occupationTitle: 'Home Health and Personal Care Aides',
      publishedAs: 'group',
      period: '2024-05',
      employment: 3988140,
      annual: { mean: 34990, median: 34900 },
    })
    t.match(aide.outlook, {
      socCode: '31-1120',
      publishedAs: 'group',
      baseYear: 2024,
      baseEmployment: 4347700,
      projectedEmployment: 5087500,
      changePercent: 17,
      annualOpenings: 765800,
    })
    const counselor = await get('/v1/careers/21-1014')
    t.match(counselor.wage, {
      socCode: '21-1018',
      publishedAs: 'group',
      employment: 440380,
      annual: { mean: 65100, median: 59190 },
    })
    t.match(counselor.outlook, {
      socCode: '21-1018',
      publishedAs: 'group',
      baseEmployment: 483500,
      projectedEmployment: 564600,
      changePercent: 16.8,
    })
    const history = await get('/v1/careers/31-1122/salaries')
    t.same(history.data.map((w: { period: string, socCode: string }) => `${w.period} ${w.socCode}`).slice(0, 2),
      ['2024-05 31-1120', '2023-05 31-1120'])

    const technician = await get('/v1/careers/health-information-technician')
    t.same(
      [
        technician.title,
        technician.wage.annual.mean,
        technician.wage.publishedAs,
        technician.outlook.changePercent,
        technician.outlook.publishedAs,
      ],
      ['Health Information Technician', 55970, 'occupation', 7.1, 'occupation'],
      'the seed\'s editorial career shows the figures of the occupation it sits within',
    )
    t.match(technician, { kind: 'editorial', occupation: { socCode: '29-2072', title: 'Medical Records Specialists' } })
    const specialists = await get('/v1/careers/29-2072')
    t.match(specialists, {
      kind: 'occupation',
      title: 'Medical Records Specialists',
      attributions: [{ slug: 'onet-29-2', notice: /O\*NET 29\.2 Database.*CC BY 4\.0/ }],
    }, 'the code is the official occupation\'s, with O*NET\'s notice for its titles and relations')
    for (const [code, title] of [
      ['11-9111', 'Medical and Health Services Managers'], ['31-9094', 'Medical Transcriptionists'],
      ['15-1242', 'Database Administrators'],
    ]) {
      t.match(await get(`/v1/careers/${code}`), { kind: 'occupation', title }, `${code} keeps its official title`)
    }
    const infantry = await get('/v1/careers/55-3016')
    t.match(infantry, { wage: null, outlook: null, notPublished: { reason: 'not-surveyed', detail: /military/ } })
  })
}
