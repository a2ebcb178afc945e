// The importers on the real official files in ../shared/data (or CAREER_FACTS_DATA), when
// present: known published figures land where the API serves them. O*NET's 56k alternate
// titles are left to the benchmark, to keep this file quick on the embedded database.
import { existsSync } from 'node:fs'
import path from 'node:path'
import t from 'tap'
import { importFile, type ImportKind } from '../src/import/index.js'
import { setupApp } from './helpers/app.js'

const DATA = path.resolve(process.env.CAREER_FACTS_DATA ?? '../shared/data')

if (!existsSync(path.join(DATA, 'oews', 'national_M2024_dl.xlsx'))) {
  t.pass(`skipped: no official data files in ${DATA}`)
} else {
  // Six real files on PGlite take about a minute on a shared 2-core machine.
  t.setTimeout(600_000)
  const { app, database } = await setupApp(t, { rateLimitMax: 1_000_000 }) // one request per occupation, far past the default limit
  const db = database.db
  const load = async (kind: ImportKind, file: string) => (await importFile(db, kind, path.join(DATA, file))).totals

  t.test('the real files import', async (t) => {
    const definitions = await load('soc', 'soc/soc_2018_definitions.xlsx')
    t.equal(definitions.inserted, 1447 + 867 - 4, 'every SOC group, and a career for each detailed occupation the seed lacks')
    await load('soc', 'soc/soc_2010_to_2018_crosswalk.xlsx')
    const oews2024 = await load('oews', 'oews/national_M2024_dl.xlsx')
    t.same([oews2024.inserted, oews2024.skipped], [831, 572], '831 detailed occupations; 572 aggregates skipped')
    const oews2015 = await load('oews', 'oews/national_M2015_dl.xlsx')
    t.same([oews2015.inserted + oews2015.updated, oews2015.skipped], [820, 574])
    const ep = await load('projections', 'ep/occupation.xlsx')
    t.same([ep.inserted, ep.skipped], [832, 285])
    await load('onet', 'onet_29_2/Occupation Data.txt')
  })

  t.test('known rows', async (t) => {
    const records = await db.selectFrom('wage_estimate').selectAll()
      .where('soc_code', '=', '29-2072').where('period_year', '=', 2024).where('area_code', '=', 'US').executeTakeFirstOrThrow()
    t.same([records.employment, records.annual_mean, records.annual_median], [187910, 55970, 50250])
    const old = await db.selectFrom('wage_estimate').selectAll()
      .where('soc_version', '=', 2010).where('soc_code', '=', '29-2071').where('period_year', '=', 2015).executeTakeFirstOrThrow()
    t.same([old.annual_mean, old.employment], [40430, 189930])
    const managers = await db.selectFrom('projection').selectAll().where('soc_code', '=', '11-9111').orderBy('cycle_id', 'desc').executeTakeFirstOrThrow()
    t.same([managers.change_percent, managers.base_employment, managers.projected_employment, managers.annual_openings], [23.2, 616200, 759100, 62100])
    const flagged = await db.selectFrom('wage_estimate').select(['annual_p90', 'flags']).where('soc_code', '=', '11-1011').where('period_year', '=', 2024).executeTakeFirstOrThrow()
    t.same(flagged, { annual_p90: 239200, flags: { annual_p90: '#', hourly_p75: '#', hourly_p90: '#', annual_p75: '#' } })
  })

  t.test('the API answers for every detailed SOC occupation, with wages and outlook where BLS publishes them', async (t) => {
    const occupations = await db.selectFrom('soc_occupation').select('code').where('soc_version', '=', 2018).where('level', '=', 'detailed').execute()
    const published = new Set((await db.selectFrom('wage_estimate').select('soc_code').where('soc_version', '=', 2018).execute()).map((r) => r.soc_code))
    const missing: string[] = []
    const older: string[] = []
    for (const { code } of occupations) {
      const response = await app.inject({ method: 'GET', url: `/v1/careers/${code}` })
      t.equal(response.statusCode, 200, code, { diagnostic: false })
      const body = response.json()
      if (body.wage === null || body.outlook === null) missing.push(code)
      else if (body.wage.period !== '2024-05' || body.outlook.baseYear !== 2024) older.push(`${code} ${body.wage.period} SOC ${body.wage.socVersion}`)
    }
    t.equal(occupations.length, 867)
    // The rest: military occupations (not surveyed) and occupations BLS publishes only
    // within a broad or combined code (31-1120 for 31-1121 and 31-1122; 21-1018 for 21-1011 and 21-1014).
    t.equal(missing.length, 47)
    t.same(older, ['45-3031 2015-05 SOC 2010'], 'fishers: no 2024 wage of their own, so May 2015\'s reaches them through the crosswalk')
    t.same(missing.filter((code) => !code.startsWith('55-') && published.has(code)), [], 'each gap is a code OEWS does not publish on its own')
    const technician = await app.inject({ method: 'GET', url: '/v1/careers/health-information-technician' })
    t.same([technician.json().title, technician.json().wage.annual.mean, technician.json().outlook.changePercent], ['Health Information Technician', 55970, 7.1])
  })
}
