// The importers on small files in each official layout (test/fixtures): what lands where,
// footnote markers, preambles, merging with the seed's careers, idempotency, and a broken
// row rolling the whole file back with an error that says where it is.
import path from 'node:path'
import t from 'tap'
import { sql } from 'kysely'
import { importFile, ImportError, type ImportKind, type ImportOptions } from '../src/import/index.js'
import { terminalProgress } from '../src/import/progress.js'
import { importCommand, parseImportArgs, runImport } from '../src/cli/import.js'
import { UsageError } from '../src/cli/usage.js'
import { setupApp, testConfig } from './helpers/app.js'

const fixture = (...parts: string[]): string => path.resolve('test/fixtures', ...parts)
const { app, database } = await setupApp(t)
const db = database.db

async function run (kind: ImportKind, file: string, options: ImportOptions = {}) {
  return (await importFile(db, kind, fixture(file), options)).totals
}

type CountedTable =
  'career' | 'wage_estimate' | 'projection' | 'soc_occupation' | 'career_alternate_title' | 'credential'

async function count (table: CountedTable): Promise<number> {
  const row = await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
  return Number(row.n)
}

t.test('soc: structure, definitions, direct-match titles and the crosswalk', async (t) => {
  const careersBefore = await count('career')
  const structure = await run('soc', 'soc/soc_structure_2018.xlsx')
  t.equal(structure.inserted, 8 + 4,
    'eight SOC rows, and an official career for each of the four detailed codes')
  const levels = await db.selectFrom('soc_occupation')
    .select(['code', 'level', 'title'])
    .where('soc_version', '=', 2018)
    .orderBy('code')
    .execute()
  t.same(levels.map((r) => [r.code, r.level]), [
    ['11-1031', 'detailed'], ['11-9111', 'detailed'], ['29-0000', 'major'], ['29-2000', 'minor'], ['29-2070', 'broad'],
    ['29-2072', 'detailed'], ['29-9020', 'broad'], ['29-9021', 'detailed'],
  ])
  t.equal(await count('career'), careersBefore + 4,
    'four new careers: the seed\'s for 29-2072 and 11-9111 are editorial and take no official code\'s place')

  await run('soc', 'soc/soc_2018_definitions.xlsx')
  const definitions = await db.selectFrom('source')
    .selectAll()
    .where('slug', '=', 'soc-2018-definitions')
    .executeTakeFirstOrThrow()
  t.same([definitions.publisher, definitions.dataset, definitions.reference_period, definitions.url], [
    'U.S. Bureau of Labor Statistics, on behalf of the Office of Management and Budget',
    'Standard Occupational Classification 2018: definitions',
    '2018', 'https://www.bls.gov/soc/2018/home.htm'])
  const technician = await db.selectFrom('career').selectAll().where('soc_code', '=', '29-2072')
    .orderBy('kind').execute()
  t.same(technician.map((c) => [c.kind, c.title]), [
    ['editorial', 'Health Information Technician'], ['occupation', 'Medical Records Specialists'],
  ], 'the official occupation under its SOC title, beside the seed\'s editorial career within it')
  t.match(technician[0]?.summary, /^Health information technicians collect/, 'the seed keeps its text')
  t.match(technician[1]?.summary, /^Compile, process, and maintain medical records/,
    'the occupation takes the SOC definition')
  const registrar = await db.selectFrom('career')
    .selectAll()
    .where('soc_code', '=', '29-9021')
    .executeTakeFirstOrThrow()
  t.equal(registrar.slug, 'health-information-technologists-and-medical-registrars')
  t.match(registrar.summary, /^Apply knowledge of healthcare/, 'a new career takes the SOC definition')

  await run('soc', 'soc/soc_2018_direct_match_title_file.xlsx')
  const titles = await db.selectFrom('career_alternate_title')
    .select('title')
    .where('career_id', '=', registrar.id)
    .execute()
  t.same(titles.map((r) => r.title), ['Cancer Registrar'])

  await run('soc', 'soc/soc_2010_to_2018_crosswalk.xlsx')
  const split = await db.selectFrom('soc_crosswalk')
    .select('soc2018')
    .where('soc2010', '=', '29-2071')
    .orderBy('soc2018')
    .execute()
  t.same(split.map((r) => r.soc2018), ['29-2072', '29-9021'], 'a split keeps both 2018 codes')
  const old = await db.selectFrom('soc_occupation')
    .select('title')
    .where('soc_version', '=', 2010)
    .where('code', '=', '29-2071')
    .executeTakeFirstOrThrow()
  t.equal(old.title, 'Medical Records and Health Information Technicians')

  for (const file of [
    'soc_structure_2018.xlsx',
    'soc_2018_definitions.xlsx',
    'soc_2018_direct_match_title_file.xlsx',
    'soc_2010_to_2018_crosswalk.xlsx',
  ]) {
    const again = await run('soc', `soc/${file}`)
    t.same([again.inserted, again.updated], [0, 0], `${file} a second time changes nothing`)
  }
})

t.test('soc: a bad code rolls the file back and says where it is', async (t) => {
  const definition = () => db.selectFrom('soc_occupation')
    .select('definition')
    .where('code', '=', '29-9021')
    .where('soc_version', '=', 2018)
    .executeTakeFirstOrThrow()
  const before = await definition()
  await t.rejects(run('soc', 'soc/broken_soc_2018_definitions.xlsx'), {
    name: 'ImportError',
    message: 'broken_soc_2018_definitions.xlsx, sheet "2018 SOC", row 3, column "SOC Code", value "29-207": ' +
      'not a SOC code (NN-NNNN)',
  })
  const after = await definition()
  t.equal(after.definition, before.definition, 'the good row before the bad one was not kept')
})

t.test('oews: national 2018-SOC workbook with footnote markers', async (t) => {
  const totals = await run('oews', 'oews/national_M2024_dl.xlsx')
  t.equal(totals.inserted, 5, 'the five detailed occupations')
  t.equal(totals.skipped, 3, 'the total, a major and a broad group are skipped')
  const wage = await db.selectFrom('wage_estimate')
    .selectAll()
    .where('soc_code', '=', '29-2072')
    .where('period_year', '=', 2024)
    .executeTakeFirstOrThrow()
  t.same([
    wage.soc_version,
    wage.period_month,
    wage.area_code,
    wage.industry_code,
    wage.employment,
    wage.annual_mean,
    wage.hourly_median,
  ], [2018, 5, 'US', null, 187910, 55970, 24.16])
  t.same(wage.flags, {})

  const managers = await db.selectFrom('wage_estimate')
    .selectAll()
    .where('soc_code', '=', '11-9111')
    .where('period_year', '=', 2024)
    .executeTakeFirstOrThrow()
  t.same([managers.annual_p90, managers.hourly_p90], [239200, 115], 'a top-coded figure holds the stated floor')
  t.same(managers.flags, { annual_p90: '#', hourly_p90: '#' })

  const actors = await db.selectFrom('wage_estimate')
    .selectAll()
    .where('soc_code', '=', '27-2011')
    .executeTakeFirstOrThrow()
  t.same([actors.annual_mean, actors.hourly_mean, actors.hourly_only, actors.annual_only], [null, 27.73, true, false])
  t.equal(actors.flags.annual_mean, '*')
  const pilots = await db.selectFrom('wage_estimate')
    .selectAll()
    .where('soc_code', '=', '53-2011')
    .executeTakeFirstOrThrow()
  t.same([pilots.employment, pilots.flags.employment, pilots.annual_only, pilots.annual_p75],
    [null, '**', true, 239200])
  const anesthesiologists = await db.selectFrom('wage_estimate')
    .selectAll()
    .where('soc_code', '=', '29-1211')
    .executeTakeFirstOrThrow()
  t.same(
    [anesthesiologists.annual_median, anesthesiologists.hourly_median, anesthesiologists.flags.annual_median],
    [239200, 115, '#'],
    'a top-coded median is stored as its floor, flagged',
  )

  const source = await db.selectFrom('source').selectAll().where('id', '=', wage.source_id).executeTakeFirstOrThrow()
  t.same([source.publisher, source.dataset, source.reference_period, source.url],
    ['U.S. Bureau of Labor Statistics', 'Occupational Employment and Wage Statistics', 'May 2024', 'https://www.bls.gov/oes/'])
  t.notOk(await db.selectFrom('career').select('id').where('soc_code', '=', '27-2011').executeTakeFirst(),
    'with SOC loaded, only its detailed occupations become careers')

  const again = await run('oews', 'oews/national_M2024_dl.xlsx')
  t.same([again.inserted, again.updated, again.unchanged], [0, 0, 5])
})

t.test('oews: a top-coded figure is served as null, its floor under atLeast, with its footnote', async (t) => {
  // The SOC fixture lacks 29-1211; an editor's career shows the occupation's figures.
  await db.insertInto('career').values({ slug: 'anesthesiologist', title: 'Anesthesiologist', soc_code: '29-1211' })
    .execute()
  const history = (await app.inject({ url: '/v1/careers/anesthesiologist/salaries' })).json()
  t.equal(history.data.length, 1)
  const [wage] = history.data
  t.same(wage.annual, {
    mean: 336640, p10: 124450, p25: 186680, median: null, p75: null, p90: null,
    atLeast: { median: 239200, p75: 239200, p90: 239200 },
  }, 'the median field is null: no client can print $239,200 as the median')
  t.same(wage.hourly, {
    mean: 161.85, p10: 59.83, p25: 89.75, median: null, p75: null, p90: null,
    atLeast: { median: 115, p75: 115, p90: 115 },
  })
  type Note = { field: string, code: string, meaning: string }
  t.same(wage.footnotes.map((f: Note) => `${f.field} ${f.code} ${f.meaning}`).sort(),
    ['annual', 'hourly'].flatMap((unit) => ['median', 'p75', 'p90'].map((p) => `${unit}.${p} # at-or-above`)),
    'the # footnotes stay')
  const profile = (await app.inject({ url: '/v1/careers/anesthesiologist' })).json()
  t.same([profile.wage.annual.median, profile.wage.annual.atLeast],
    [null, { median: 239200, p75: 239200, p90: 239200 }], 'the profile\'s wage, mapped the same way')
  const compared = (await app.inject({ url: '/v1/compare?careers=anesthesiologist,29-2072' })).json()
  t.same(compared.careers.map((c: { wage: { annual: { median: number | null, atLeast: object } } }) =>
    [c.wage.annual.median, c.wage.annual.atLeast]), [[null, { median: 239200, p75: 239200, p90: 239200 }],
    [50250, {}]], 'and the comparison\'s; an estimate with no top-coded figure has an empty atLeast')
})

t.test('oews: the 2010-SOC May 2015 file (OCC_GROUP) merges with the seed\'s row', async (t) => {
  const before = await count('wage_estimate')
  const totals = await run('oews', 'oews/national_M2015_dl.xlsx')
  t.same([totals.inserted, totals.updated, totals.skipped], [0, 2, 1],
    'the seed\'s two national rows gain every figure')
  t.equal(await count('wage_estimate'), before)
  const row = await db.selectFrom('wage_estimate')
    .selectAll()
    .where('soc_code', '=', '29-2071')
    .where('soc_version', '=', 2010)
    .executeTakeFirstOrThrow()
  t.same([row.annual_mean, row.employment, row.annual_median], [40430, 189930, 37110])
  const managers = await db.selectFrom('wage_estimate')
    .selectAll()
    .where('soc_code', '=', '11-9111')
    .where('period_year', '=', 2015)
    .where('industry_code', 'is', null)
    .executeTakeFirstOrThrow()
  t.same([managers.annual_p90, managers.flags], [187200, { annual_p90: '#', hourly_p90: '#' }],
    'the 2015 floor: $187,200')
})

t.test('oews: state and industry CSV files', async (t) => {
  const state = await run('oews', 'oews/state_M2024_dl.csv')
  t.same([state.inserted, state.skipped], [2, 1])
  const areas = await db.selectFrom('area').selectAll().where('kind', '=', 'state').orderBy('code').execute()
  t.same(areas.map((a) => [a.code, a.name]), [['01', 'Alabama'], ['06', 'California']])
  const alabama = await db.selectFrom('wage_estimate')
    .selectAll()
    .where('area_code', '=', '01')
    .executeTakeFirstOrThrow()
  t.same([alabama.employment, alabama.annual_mean, alabama.employment_rse], [2620, 44240, 7.1],
    'thousands separators read')
  const california = await db.selectFrom('wage_estimate')
    .selectAll()
    .where('area_code', '=', '06')
    .executeTakeFirstOrThrow()
  t.same(
    [california.annual_p90, california.hourly_p90, california.flags],
    [239200, 115, { annual_p90: '#', hourly_p90: '#' }],
    'a CSV states no floor: the one BLS published for May 2024',
  )

  const industry = await run('oews', 'oews/nat4d_M2024_dl.csv')
  t.equal(industry.inserted, 2)
  const rows = await db.selectFrom('wage_estimate')
    .innerJoin('industry', 'industry.code', 'wage_estimate.industry_code')
    .select(['industry.code', 'industry.title', 'wage_estimate.annual_mean'])
    .orderBy('industry.code')
    .execute()
  t.same(rows.map((r) => [r.code, r.title, r.annual_mean]), [
    ['3254', 'Pharmaceutical and Medicine Manufacturing', 161530],
    ['6211', 'Offices of Physicians', 47700],
    ['622', 'Hospitals', 57510],
  ])
})

t.test('oews: a broken row changes nothing and is named', async (t) => {
  const before = await count('wage_estimate')
  await t.rejects(run('oews', 'oews/broken_M2024_dl.csv'), {
    message: 'broken_M2024_dl.csv, row 3, column "A_MEAN", value "12x": ' +
      'expected a number or one of the footnote markers *, **, #, ~',
  })
  t.equal(await count('wage_estimate'), before, 'Alaska, the good row before it, is not kept')
  t.notOk(await db.selectFrom('area').select('code').where('code', '=', '02').executeTakeFirst())
  await t.rejects(
    importFile(db, 'oews', fixture('credentials/credentials.csv'), { period: { year: 2024, month: 5 } }),
    /credentials\.csv: no header row with the columns "OCC_CODE"/,
  )
  await t.rejects(importFile(db, 'oews', fixture('oews/missing_M2024.csv')), /missing_M2024\.csv: cannot read the file/)
})

t.test('projections: Table 1.2 creates the cycle, in persons, without bands', async (t) => {
  const totals = await run('projections', 'ep/occupation.xlsx')
  t.equal(totals.skipped, 3, 'the total and two note rows')
  const cycle = await db.selectFrom('projection_cycle')
    .selectAll()
    .where('base_year', '=', 2024)
    .executeTakeFirstOrThrow()
  t.same([cycle.target_year, cycle.soc_version], [2034, 2018])
  const source = await db.selectFrom('source')
    .selectAll()
    .where('id', '=', cycle.source_id ?? 0)
    .executeTakeFirstOrThrow()
  t.same([source.dataset, source.reference_period], ['Employment Projections', '2024–34'])
  const rows = await db.selectFrom('projection')
    .selectAll()
    .where('cycle_id', '=', cycle.id)
    .orderBy('soc_code')
    .execute()
  t.same(rows.map((r) => r.soc_code), ['11-1031', '11-9111', '29-2072', '31-1120'],
    'line items, a broad-code one included')
  const records = rows.find((r) => r.soc_code === '29-2072')
  t.same([
    records?.base_employment,
    records?.projected_employment,
    records?.change_numeric,
    records?.change_percent,
    records?.annual_openings,
    records?.typical_education,
    records?.work_experience,
    records?.on_the_job_training,
  ], [194800, 208600, 13800, 7.1, 14200, 'postsecondary-nondegree', 'None', 'None'])
  t.equal(rows.find((r) => r.soc_code === '11-9111')?.change_percent, 23.2)
  t.same(rows.map((r) => [r.soc_code, r.percent_self_employed]),
    [['11-1031', null], ['11-9111', 5.1], ['29-2072', 0.8], ['31-1120', 2.8]],
    'percent self-employed, 2024; EP\'s "—" (data unavailable) is null, not 0')
  t.equal(
    await db.selectFrom('projection_band').select('cycle_id').where('cycle_id', '=', cycle.id).executeTakeFirst(),
    undefined,
    'no invented bands',
  )
  t.notOk(await db.selectFrom('career').select('id').where('soc_code', '=', '31-1120').executeTakeFirst(),
    'no career for a broad code')
  const legislators = await db.selectFrom('career')
    .selectAll()
    .where('soc_code', '=', '11-1031')
    .executeTakeFirstOrThrow()
  t.same([legislators.title, legislators.typical_education], ['Legislators', 'bachelor'])

  const again = await run('projections', 'ep/occupation.xlsx')
  t.same([again.inserted, again.updated], [0, 0])

  const response = await app.inject({ method: 'GET', url: '/v1/careers/29-2072' })
  t.equal(response.statusCode, 200)
  const body = response.json()
  t.same([body.title, body.outlook.baseYear, body.outlook.changePercent, body.outlook.descriptor],
    ['Medical Records Specialists', 2024, 7.1, null])
  t.equal(body.outlook.percentSelfEmployed, 0.8, 'the profile\'s outlook carries the self-employed share')
  const cycles = async (key: string) => (await app.inject({ url: `/v1/careers/${key}/outlook` })).json()
    .data.map((p: { baseYear: number, percentSelfEmployed: number | null }) => [p.baseYear, p.percentSelfEmployed])
  t.same(await cycles('29-2072'), [[2024, 0.8], [2014, null]], 'the seed\'s 2014–24 row has none')
  t.same(await cycles('11-9111'), [[2024, 5.1], [2014, null]])
  t.same(await cycles('11-1031'), [[2024, null]], 'EP prints "—" for legislators')
  t.same([body.wage.period, body.wage.annual.mean, body.wage.employment], ['2024-05', 55970, 187910])
})

t.test('projections: a broken figure rolls the file back', async (t) => {
  const projected = () => db.selectFrom('projection')
    .select('projected_employment')
    .where('soc_code', '=', '11-9111')
    .execute()
  const before = await projected()
  await db.updateTable('projection').set({ projected_employment: 1 }).where('soc_code', '=', '11-9111').execute()
  await t.rejects(run('projections', 'ep/broken-occupation.xlsx'), {
    message: 'broken-occupation.xlsx, sheet "Table 1.2", row 5, column "Employment, 2034", value "208,6x": ' +
      'expected a number or "—"',
  })
  const after = await projected()
  t.ok(after.every((r) => r.projected_employment === 1), 'the row before the bad one was not written')
  t.equal(before.length, after.length)
})

t.test('soc: the NEM crosswalk serves a broader code\'s figures ' +
  'to the occupations BLS publishes only within it', async (t) => {
  const groups = async () => db.selectFrom('soc_published_group')
    .select(['soc2018', 'published_code'])
    .orderBy('soc2018')
    .execute()
  await t.rejects(run('soc', 'ep/broken-nem-onet-to-soc-crosswalk.xlsx'), {
    message: 'broken-nem-onet-to-soc-crosswalk.xlsx, sheet "Sheet1", row 9, column "NEM Code", value "31-112": ' +
      'not a SOC code (NN-NNNN)',
  })
  t.same(await groups(), [], 'nothing kept from the broken file')
  t.notOk(await db.selectFrom('source').select('id').where('slug', '=', 'bls-ep-nem-crosswalk').executeTakeFirst(),
    'not even its source')

  t.notOk(await db.selectFrom('ooh_profile').select('soc_code').executeTakeFirst(), 'nor a profile link')
  const totals = await run('soc', 'ep/nem-onet-to-soc-crosswalk.xlsx')
  t.same([totals.inserted, totals.skipped], [2 + 1 + 5, 1],
    'two occupations under a broader code, and that code as a career of its own; OOH links for four ' +
    'occupations and the broader code; legislators, under their own code and in no OOH profile, add nothing')
  t.same(await db.selectFrom('ooh_profile').select(['soc_code', 'title', 'url']).orderBy('soc_code').execute(), [
    { soc_code: '11-9111', title: 'Medical and health services managers',
      url: 'https://www.bls.gov/OOH/management/medical-and-health-services-managers.htm' },
    { soc_code: '29-2072', title: 'Medical records specialists',
      url: 'https://www.bls.gov/OOH/healthcare/medical-records-and-health-information-technicians.htm' },
    ...['31-1120', '31-1121', '31-1122'].map((code) => ({ soc_code: code, title: 'Home health and personal care aides',
      url: 'https://www.bls.gov/OOH/healthcare/home-health-aides-and-personal-care-aides.htm' })),
  ], 'each code\'s profile, the title\'s trailing space trimmed; none for legislators ("—")')
  const oohOf = async (key: string) => (await app.inject({ url: `/v1/careers/${key}` })).json().ooh
  t.same(await oohOf('29-2072'), {
    title: 'Medical records specialists',
    url: 'https://www.bls.gov/OOH/healthcare/medical-records-and-health-information-technicians.htm',
  }, 'the profile links to its OOH page')
  t.same(await oohOf('health-information-technician'), await oohOf('29-2072'),
    'an editorial career shows the link of the occupation it sits within')
  t.match(await oohOf('11-9111'), { url: /medical-and-health-services-managers\.htm$/ })
  t.equal(await oohOf('11-1031'), null, 'no OOH profile covers legislators')
  t.equal(await oohOf('medical-records-administrator'), null, 'no SOC code, no link')
  const group = (await app.inject({ url: '/v1/careers/31-1120' })).json()
  t.match(group, {
    kind: 'group', socCode: '31-1120', title: 'Home Health and Personal Care Aides',
    outlook: { socCode: '31-1120', publishedAs: 'occupation' },
  }, 'the group answers under the title BLS publishes, with its own figures')
  t.match(group.ooh, { title: 'Home health and personal care aides', url: /home-health-aides-and-personal-care-aides/ })
  t.same(await groups(), [
    { soc2018: '31-1121', published_code: '31-1120' },
    { soc2018: '31-1122', published_code: '31-1120' },
  ])
  const source = await db.selectFrom('source')
    .selectAll()
    .where('slug', '=', 'bls-ep-nem-crosswalk')
    .executeTakeFirstOrThrow()
  t.same([source.publisher, source.reference_period, source.url],
    ['U.S. Bureau of Labor Statistics', '8/29/2024', 'https://www.bls.gov/emp/'])
  const again = await run('soc', 'ep/nem-onet-to-soc-crosswalk.xlsx')
  t.same([again.inserted, again.updated], [0, 0])

  // The SOC fixture lacks these occupations; editors may add careers for any code.
  await db.insertInto('career').values([
    { slug: 'home-health-aide', title: 'Home Health Aide', soc_code: '31-1121' },
    { slug: 'infantry', title: 'Infantry', soc_code: '55-3016' },
  ]).execute()
  const aide = (await app.inject({ url: '/v1/careers/31-1121' })).json()
  t.match(aide.outlook, {
    socCode: '31-1120',
    occupationTitle: 'Home health and personal care aides',
    publishedAs: 'group',
    changePercent: 17,
    baseEmployment: 4347700,
  })
  t.equal(aide.notPublished, null)
  t.match(aide.ooh, { url: /home-health-aides-and-personal-care-aides\.htm$/ }, 'the occupation\'s own record links it')
  const outlook = (await app.inject({ url: '/v1/careers/home-health-aide/outlook' })).json()
  t.same(outlook.data.map((p: { socCode: string, publishedAs: string }) => `${p.socCode}:${p.publishedAs}`),
    ['31-1120:group'])

  const technician = (await app.inject({ url: '/v1/careers/29-2072' })).json()
  t.same([technician.wage.socCode, technician.wage.publishedAs, technician.outlook.publishedAs],
    ['29-2072', 'occupation', 'occupation'])
  const history = (await app.inject({ url: '/v1/careers/29-2072/salaries' })).json()
  t.same(
    history.data.map((w: { period: string, socCode: string, publishedAs: string }) =>
      `${w.period}:${w.socCode}:${w.publishedAs}`),
    ['2024-05:29-2072:occupation', '2015-05:29-2071:group'],
    'the 2010 code the crosswalk splits between 29-2072 and 29-9021 is a group',
  )
  t.equal(history.notPublished, null)

  const infantry = await app.inject({ url: '/v1/careers/55-3016' })
  t.equal(infantry.statusCode, 200)
  t.match(infantry.json(), {
    wage: null,
    outlook: null,
    notPublished: { reason: 'not-surveyed', detail: /does not survey military occupations/ },
  })
  const salaries = (await app.inject({ url: '/v1/careers/infantry/salaries' })).json()
  t.match(salaries, { data: [], nextCursor: null, notPublished: { reason: 'not-surveyed' } })
  t.match((await app.inject({ url: '/v1/careers/infantry/outlook' })).json(),
    { data: [], notPublished: { reason: 'not-surveyed' } })
})

t.test('onet: descriptions, tasks, titles, related occupations, job zones', async (t) => {
  const files = ['Occupation Data.txt', 'Task Statements.txt', 'Alternate Titles.txt', 'Sample of Reported Titles.txt',
    'Related Occupations.txt', 'Job Zones.txt',
    'Education, Training, and Experience Categories.txt', 'Education, Training, and Experience.txt']
  for (const file of files) await run('onet', `onet_29_2/${file}`)
  const registrar = await db.selectFrom('career')
    .selectAll()
    .where('soc_code', '=', '29-9021')
    .executeTakeFirstOrThrow()
  t.match(registrar.summary, /"data management"/,
    'O*NET\'s description replaces the SOC definition of an imported career')
  t.same(registrar.duties, ['Maintain cancer registry data.'], 'the .00 record\'s tasks only')
  t.equal(registrar.job_zone, 3)
  const education = await db.selectFrom('career_education_share as s')
    .innerJoin('onet_education_category as c', 'c.category', 's.category')
    .select(['c.label', 's.percent'])
    .where('s.career_id', '=', registrar.id)
    .orderBy('s.category')
    .execute()
  t.same(
    education.map((e) => [e.label.slice(0, 22), e.percent]),
    [['Post-Secondary Certifi', 20], ["Associate's Degree (or", 55.5], ["Bachelor's Degree", 24.5]],
    'required education as respondents reported it, for the SOC occupation\'s own record',
  )
  const technician = await db.selectFrom('career')
    .selectAll()
    .where('slug', '=', 'health-information-technician')
    .executeTakeFirstOrThrow()
  t.match(technician.summary, /^Health information technicians collect/, 'the seed\'s text is kept')
  t.equal(technician.duties.length, 3)
  t.equal(technician.job_zone, null, 'O*NET writes to the official occupation, not to the editorial career')
  t.equal(technician.text_source_id, null)
  const specialists = await db.selectFrom('career')
    .selectAll()
    .where('soc_code', '=', '29-2072')
    .where('kind', '=', 'occupation')
    .executeTakeFirstOrThrow()
  t.equal(specialists.job_zone, 3)

  const titlesOf = async (careerId: number) => (await db.selectFrom('career_alternate_title')
    .select('title')
    .where('career_id', '=', careerId)
    .execute()).map((r) => r.title).sort()
  t.same(await titlesOf(technician.id), [
    'Medical Records and Health Information Technician', 'Medical Records Specialist', 'Medical Records Technician',
  ].sort(), 'the editorial career keeps the seed\'s titles alone')
  t.same(await titlesOf(specialists.id), [
    'Coding Specialist', 'Health Information Clerk', 'Medical Records Clerk', 'Medical Records Technician',
    'Registered Health Information Technician (RHIT)',
  ].sort(), 'the occupation has SOC\'s and O*NET\'s titles, each once whatever its case')
  t.notOk(await db.selectFrom('career').select('id').where('soc_code', '=', '15-1299').executeTakeFirst(),
    'no career for a code the loaded SOC lacks')

  const related = await db.selectFrom('career_relation').select(['from_career_id', 'to_career_id', 'kind', 'source_id'])
    .where('kind', '=', 'similar').execute()
  t.equal(related.length, 3, 'three SOC pairs; the specialty of the same occupation is skipped')
  const specialistsRelated = (await app.inject({ url: '/v1/careers/29-2072/related?kind=similar' })).json()
  type Related = { direction: string, rank: number, tier: string, career: { socCode: string } }
  t.same(specialistsRelated.data.map((r: Related) => [r.career.socCode, r.direction, r.rank, r.tier]), [
    ['29-9021', 'outgoing', 1, 'Primary-Short'], ['11-9111', 'outgoing', 2, 'Primary-Short'],
  ], 'in O*NET\'s order, and the pair recorded from both ends once')
  const source = await db.selectFrom('source')
    .selectAll()
    .where('id', '=', related[0]?.source_id ?? 0)
    .executeTakeFirstOrThrow()
  t.same([source.dataset, source.reference_period], ['O*NET 29.2 Database', 'O*NET 29.2'])
  t.match(source.notice, /O\*NET 29\.2 Database by the U\.S\. Department of Labor.*CC BY 4\.0/)

  const onet = { slug: 'onet-29-2', dataset: 'O*NET 29.2 Database', notice: source.notice }
  const registrarProfile = (await app.inject({ url: '/v1/careers/29-9021' })).json()
  t.same(registrarProfile.duties, ['Maintain cancer registry data.'])
  t.match(registrarProfile.attributions, [onet],
    'O*NET\'s notice is served with its description, duties, titles and relations')
  t.equal(registrarProfile.attributions.length, 1)
  const specialistsProfile = (await app.inject({ url: '/v1/careers/29-2072' })).json()
  t.match(specialistsProfile, { kind: 'occupation', title: 'Medical Records Specialists', attributions: [onet] },
    'the code leads to the official occupation, which shows O*NET\'s titles and carries its notice')
  const technicianProfile = (await app.inject({ url: '/v1/careers/health-information-technician' })).json()
  t.match(technicianProfile, {
    kind: 'editorial',
    occupation: { slug: specialistsProfile.slug, title: 'Medical Records Specialists', socCode: '29-2072' },
    attributions: [],
  }, 'the editorial career links to its occupation and shows no O*NET data')
  const relatedList = (await app.inject({ url: '/v1/careers/29-9021/related' })).json()
  t.match(relatedList, { data: [{ kind: 'similar' }], attributions: [onet] })
  t.same((await app.inject({ url: '/v1/careers/29-9021/related?kind=advancement' })).json(),
    { data: [], total: 0, attributions: [] }, 'no O*NET relation shown, no notice')
  const search = (await app.inject({ url: '/v1/careers?q=registrar' })).json()
  t.match(search, { data: [{ socCode: '29-9021' }], attributions: [onet] },
    'search results showing O*NET\'s description')
  const seedOnly = (await app.inject({ url: '/v1/careers/medical-records-administrator' })).json()
  t.same(seedOnly.attributions, [], 'a career drawing on no O*NET data carries no notice')

  for (const file of files) {
    const again = await run('onet', `onet_29_2/${file}`)
    t.same([again.inserted, again.updated], [0, 0], `${file} a second time changes nothing`)
  }

  await t.rejects(run('onet', 'onet_29_2_broken/Job Zones.txt'), {
    message: 'Job Zones.txt, row 3, column "Job Zone", value "7": expected a job zone from 1 to 5',
  })
  const after = await db.selectFrom('career')
    .select('job_zone')
    .where('soc_code', '=', '29-2072')
    .where('kind', '=', 'occupation')
    .executeTakeFirstOrThrow()
  t.equal(after.job_zone, 3)
})

t.test('credentials: CSV and JSON, merged with the seed\'s', async (t) => {
  const before = await count('credential')
  const csv = await run('credentials', 'credentials/credentials.csv')
  t.same([csv.inserted >= 1, csv.updated >= 1], [true, true])
  t.equal(await count('credential'), before + 1, 'RHIT is the seed\'s, updated; CCS is new')
  const rhit = await db.selectFrom('credential')
    .selectAll()
    .where('abbreviation', '=', 'RHIT')
    .executeTakeFirstOrThrow()
  t.match(rhit.requirements, /CAHIIM-accredited/)
  const source = await db.selectFrom('source')
    .selectAll()
    .where('id', '=', rhit.source_id ?? 0)
    .executeTakeFirstOrThrow()
  t.same([source.publisher, source.dataset, source.reference_period],
    ['American Health Information Management Association', 'RHIT certification', '2024'])
  const link = await db.selectFrom('career_credential as cc')
    .innerJoin('credential as c', 'c.id', 'cc.credential_id')
    .innerJoin('career as k', 'k.id', 'cc.career_id')
    .select(['cc.level', 'cc.note', 'k.soc_code'])
    .where('c.abbreviation', '=', 'CCS')
    .executeTakeFirstOrThrow()
  t.same(link, { level: 'preferred', note: 'Coding roles in hospitals', soc_code: '29-2072' })

  const json = await run('credentials', 'credentials/credentials.json')
  t.equal(json.inserted, 2 + 2 + 1, 'two credentials, their two links, and the AAPC organisation')
  const license = await db.selectFrom('credential')
    .selectAll()
    .where('name', '=', 'Health Information Manager License')
    .executeTakeFirstOrThrow()
  t.same([license.kind, license.jurisdiction, license.issuer_id], ['license', 'Example State Board', null])

  for (const file of ['credentials.csv', 'credentials.json']) {
    const again = await run('credentials', `credentials/${file}`)
    t.same([again.inserted, again.updated], [0, 0], `${file} a second time changes nothing`)
  }
  const count2 = await count('credential')
  await t.rejects(run('credentials', 'credentials/broken-credentials.csv'), {
    message: 'broken-credentials.csv, row 3, column "kind", value "diploma": ' +
      'expected certification, license or certificate',
  })
  t.equal(await count('credential'), count2, 'CDIP, before the bad row, is not kept')
})

t.test('the CLI command parses its arguments and prints a summary per file', async (t) => {
  t.throws(() => parseImportArgs([]), UsageError)
  t.throws(() => parseImportArgs(['wages', 'a.xlsx']), /import needs a kind/)
  t.throws(() => parseImportArgs(['oews']), /needs at least one file/)
  t.throws(() => parseImportArgs(['oews', 'a.csv', '--period', '2024']), /bad option --period 2024/)
  t.same(parseImportArgs(['oews', 'a.csv', '--period', '2024-05', '--soc-version', '2018', 'b.csv']),
    { kind: 'oews', files: ['a.csv', 'b.csv'], options: { period: { year: 2024, month: 5 }, socVersion: 2018 } })
  t.same(parseImportArgs(['onet', 'x.txt', '--release', '29.2']).options, { release: '29.2' })

  let printed = ''
  const out = { write: (text: string) => { printed += text; return true } } as unknown as NodeJS.WritableStream
  await runImport(db, parseImportArgs(['soc', fixture('soc/soc_2010_to_2018_crosswalk.xlsx')]), out)
  t.match(printed,
    /^soc_2010_to_2018_crosswalk\.xlsx \(soc\): 3 rows read; 0 inserted, 0 updated, 5 unchanged, 0 skipped\n/)
  printed = ''
  await runImport(db, parseImportArgs(['oews', fixture('oews/national_M2024_dl.xlsx')]), out)
  t.equal(printed, [
    'national_M2024_dl.xlsx (oews): 8 rows read; 0 inserted, 0 updated, 5 unchanged, 3 skipped',
    '  wage_estimate: 0 inserted, 0 updated, 5 unchanged',
    '  skipped 1: aggregate rows (total): not an occupation of its own',
    '  skipped 1: aggregate rows (major): not an occupation of its own',
    '  skipped 1: aggregate rows (broad): not an occupation of its own',
    '',
  ].join('\n'), 'the summary: counts per table, and skipped rows by reason')
  await t.rejects(importFile(db, 'oews', fixture('oews/state_M2024_dl.csv').replace('M2024', 'Mxxxx')), ImportError)
  await t.rejects(
    importCommand({ ...testConfig, databaseUrl: null, pgliteDir: null }, parseImportArgs(['soc', 'x.xlsx'])),
    { name: 'UsageError', message: /set DATABASE_URL, or PGLITE_DIR/ },
  )
})

t.test('progress is a line rewritten in place on a terminal, and nothing elsewhere', async (t) => {
  let written = ''
  const terminal = {
    isTTY: true,
    write: (text: string) => { written += text; return true },
  } as unknown as NodeJS.WriteStream
  const progress = terminalProgress('Alternate Titles.txt', terminal, 0)
  await importFile(db, 'onet', fixture('onet_29_2/Alternate Titles.txt'), {}, progress)
  // eslint-disable-next-line no-control-regex -- the line ends by erasing itself with the terminal's ESC [ K
  t.match(written, /^\rAlternate Titles\.txt: 1 rows\rAlternate Titles\.txt: 2 rows.*\r\x1b\[K$/s)
  const pipe = { isTTY: false, write: () => t.fail('wrote to a pipe') } as unknown as NodeJS.WriteStream
  const quiet = terminalProgress('x', pipe, 0)
  quiet.tick(10)
  quiet.done()
})

t.test('imports leave one official career for each SOC code, which the code leads to', async (t) => {
  const duplicates = await sql<{ soc_code: string }>`select soc_code from career
    where soc_code is not null and kind <> 'editorial' group by soc_code having count(*) > 1`.execute(db)
  t.same(duplicates.rows, [])
  const shared = await db.selectFrom('career').select('soc_code').where('kind', '=', 'editorial')
    .where('soc_code', 'in', (eb) => eb.selectFrom('career').select('soc_code').where('kind', '=', 'occupation'))
    .execute()
  t.ok(shared.length > 0, 'the seed\'s careers share codes with official ones')
  for (const { soc_code: code } of shared) {
    t.equal((await app.inject({ url: `/v1/careers/${code}` })).json<{ kind: string }>().kind, 'occupation', code ?? '')
  }
})
