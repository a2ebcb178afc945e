// One period of a career's wage estimates and one cycle of its projections: read whole,
// replaced whole with If-Match of the period's own ETag.
import t from 'tap'
import type { Static } from '@sinclair/typebox'
import type { OutlookCycleBody, SalaryPeriodBody } from '../../../src/resources/career-figures/period-queries.js'
import type { ChangeList } from '../../../src/resources/changes/schemas.js'
import type { ProblemBody } from '../../../src/schemas/common.js'
import { setupApp } from '../../helpers/app.js'
import { bearer, createKey } from '../../helpers/keys.js'
import { auditCount, refuseAuditFor } from '../../helpers/sabotage.js'

const { app, database } = await setupApp(t)
const db = database.db
const auth = bearer(await createKey(db, 'figures-editor', 'read,write'))

const SALARIES = '/v1/careers/health-information-manager/salaries/2015-05'
const OUTLOOK = '/v1/careers/health-information-technician/outlook/2014-2024'

interface Response { statusCode: number, headers: Record<string, unknown>, body: string, json: <T = unknown>() => T }

async function read<T> (url: string): Promise<{ etag: string, body: T }> {
  const response = await app.inject({ url })
  t.equal(response.statusCode, 200, `GET ${url}`)
  return { etag: String(response.headers.etag), body: response.json<T>() }
}

function put (url: string, payload: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return app.inject({
    method: 'PUT',
    url,
    headers: { ...auth, 'content-type': 'application/json', ...headers },
    payload: JSON.stringify(payload),
  }) as Promise<Response>
}

const estimate = (overrides: object = {}) => ({
  socVersion: 2010, socCode: '11-9111', area: 'US', employment: 333_000,
  annual: { mean: 106_070, median: 94_500, p90: 239_200 }, hourly: { mean: 51.0, median: 45.43 },
  footnotes: [{ field: 'annual.p90', code: '#' }], source: 'bls-oews-2015-05', ...overrides,
})

t.test('GET a period: every area and industry, all industries first; empty periods exist', async (t) => {
  const { body } = await read<SalaryPeriodBody>(SALARIES)
  t.same(body.data.map((e) => e.industry?.code ?? null), [null, '3254'])
  t.same((await read('/v1/careers/health-information-manager/salaries/1999-05')).body, { data: [] })
  t.equal((await app.inject({ url: '/v1/careers/health-information-manager/salaries/2015-13' })).statusCode, 400)
  t.equal((await app.inject({ url: '/v1/careers/nobody/salaries/2015-05' })).statusCode, 404)
})

t.test('PUT a period: If-Match is the period\'s ETag; replaces every estimate of it', async (t) => {
  t.equal((await put(SALARIES, { data: [estimate()] })).statusCode, 428)
  t.equal((await put(SALARIES, { data: [estimate()] }, { 'if-match': '"stale"' })).statusCode, 412)
  const profile = String((await app.inject({ url: '/v1/careers/health-information-manager' })).headers.etag)
  t.equal(
    (await put(SALARIES, { data: [estimate()] }, { 'if-match': profile })).statusCode,
    412,
    'the career\'s ETag is not the period\'s',
  )
  const { etag, body: before } = await read(SALARIES)
  const mark = (await db.selectFrom('audit_log').select('id').orderBy('id', 'desc').executeTakeFirst())?.id ?? 0
  const response = await put(SALARIES, { data: [estimate()] }, { 'if-match': etag })
  t.equal(response.statusCode, 200, response.body)
  const after = await read<SalaryPeriodBody>(SALARIES)
  t.equal(response.headers.etag, after.etag)
  t.same(response.json(), after.body)
  t.equal(after.body.data.length, 1, 'the industry estimate is gone: the period was replaced whole')
  t.match(after.body.data[0], {
    socCode: '11-9111', socVersion: 2010, occupationTitle: 'Health Information Manager', employment: 333000,
    annual: { mean: 106070, median: 94500, p90: null, p10: null, atLeast: { p90: 239200 } },
    hourly: { mean: 51, median: 45.43, atLeast: {} },
    footnotes: [{ field: 'annual.p90', code: '#', meaning: 'at-or-above' }], source: { slug: 'bls-oews-2015-05' },
  }, 'a figure written as its floor with `#` is served as null, the floor under atLeast')
  const stored = await db.selectFrom('wage_estimate').select(['annual_p90', 'flags'])
    .where('soc_code', '=', '11-9111').where('period_year', '=', 2015).executeTakeFirstOrThrow()
  t.same(stored, { annual_p90: 239200, flags: { annual_p90: '#' } }, 'stored as the importer stores it')
  const entries = await db.selectFrom('audit_log').selectAll().where('id', '>', mark).orderBy('id').execute()
  t.match(entries[0], {
    action: 'update',
    entity: 'salaries',
    entity_key: 'health-information-manager/salaries/2015-05',
    actor: 'figures-editor',
  }, 'the period')
  const related = (await read<{ related: Array<{ career: { slug: string } }> }>(
    '/v1/careers/health-information-manager')).body.related.map((r) => r.career.slug)
  t.same(
    entries.slice(1).map((e) => `${e.action} ${e.entity} ${e.entity_key}`).sort(),
    ['health-information-manager', ...related].map((slug) => `update career ${slug}`).sort(),
    'the career whose latest national wage it is, and the careers whose related lists show that wage',
  )
  t.same(entries[0]?.before, before)
  t.same(entries[0]?.after, after.body)
  const feed = (await app.inject({ url: '/v1/changes?limit=500' })).json<Static<typeof ChangeList>>()
  t.ok(feed.data.some((c) => c.entity === 'salaries' && c.href === `${SALARIES}`), 'the feed links to the period')
  t.equal((await put(SALARIES, { data: [] }, { 'if-match': etag })).statusCode, 412, 'the old ETag is stale now')
})

t.test('PUT a period refuses what the schema or the data forbid, naming the field', async (t) => {
  const before = await auditCount(db)
  const { etag, body } = await read(SALARIES)
  const cases: Array<[unknown, string]> = [
    [{ data: [estimate({ employment: '5' })] }, 'body.data.0.employment'],
    [{ data: [estimate({ annual: { mean: 1.5 } })] }, 'body.data.0.annual.mean'],
    [{ data: [estimate({ annual: { mean: -1 } })] }, 'body.data.0.annual.mean'],
    [{ data: [estimate({ area: 'ZZ' })] }, 'body.data.0.area'],
    [{ data: [estimate({ industry: '999999' })] }, 'body.data.0.industry'],
    [{ data: [estimate({ source: 'nowhere' })] }, 'body.data.0.source'],
    [{ data: [estimate({ socCode: '29-2071' })] }, 'body.data.0.socCode'],
    [{ data: [estimate({ footnotes: [{ field: 'annual.p99', code: '#' }] })] }, 'body.data.0.footnotes.0.field'],
    [{ data: [estimate(), estimate()] }, 'body.data.1'],
  ]
  for (const [payload, name] of cases) {
    const response = await put(SALARIES, payload, { 'if-match': etag })
    t.equal(response.statusCode, 400, name)
    t.ok(response.json<ProblemBody>().errors?.some((e) => e.name === name), `${name}: ${response.body}`)
  }
  const noSoc = await read('/v1/careers/medical-records-administrator/salaries/2015-05')
  const refused = await put(
    '/v1/careers/medical-records-administrator/salaries/2015-05',
    { data: [estimate()] },
    { 'if-match': noSoc.etag },
  )
  t.match(refused.json(), { status: 400, detail: /no SOC code/ })
  t.same((await read(SALARIES)).body, body, 'nothing changed')
  t.equal(await auditCount(db), before)
})

t.test('PUT a cycle: If-Match is the cycle\'s ETag; the descriptor follows the cycle\'s bands', async (t) => {
  t.equal((await put(OUTLOOK, { data: [] })).statusCode, 428)
  const { etag, body } = await read<OutlookCycleBody>(OUTLOOK)
  t.match(body.data, [{ socCode: '29-2071', changePercent: 15, descriptor: 'Much faster than average' }])
  const response = await put(OUTLOOK, {
    data: [{
      baseEmployment: 188_600,
      projectedEmployment: 216_100,
      changeNumeric: 27_500,
      changePercent: 4.6,
      annualOpenings: 11_300,
      source: 'bls-ep-2014-24',
    }],
  }, { 'if-match': etag })
  t.equal(response.statusCode, 200, response.body)
  const after = await read<OutlookCycleBody>(OUTLOOK)
  t.equal(response.headers.etag, after.etag)
  t.match(after.body.data, [{
    socCode: '29-2071',
    socVersion: 2010,
    changePercent: 4.6,
    baseEmployment: 188600,
    descriptor: 'As fast as average',
  }])
  const entry = await db.selectFrom('audit_log')
    .selectAll()
    .where('entity', '=', 'outlook')
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow()
  t.match(entry, {
    action: 'update',
    entity_key: 'health-information-technician/outlook/2014-2024',
    after: { data: [{ changePercent: 4.6 }] },
  })
  t.equal((await put(OUTLOOK, { data: [] }, { 'if-match': etag })).statusCode, 412)
  t.equal(
    (await put('/v1/careers/health-information-technician/outlook/2016-2026', { data: [] }, { 'if-match': etag }))
      .statusCode,
    404,
    'no such cycle',
  )
  t.equal(
    (await put(OUTLOOK, { data: [{ changePercent: '4.6', source: 'bls-ep-2014-24' }] }, { 'if-match': after.etag }))
      .statusCode,
    400,
    'no coercion in bodies',
  )
  t.equal(
    (await put(OUTLOOK, { data: [{ socCode: '29-2072', source: 'bls-ep-2014-24' }] }, { 'if-match': after.etag }))
      .statusCode,
    400,
    'a 2018 code in a 2010 cycle',
  )
  const cleared = await put(OUTLOOK, { data: [] }, { 'if-match': after.etag })
  t.same(cleared.json(), { data: [] })
  t.match(
    await db.selectFrom('audit_log')
      .selectAll()
      .where('entity', '=', 'outlook')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow(),
    { action: 'delete', after: null },
  )
  t.equal(
    (await app.inject({ url: '/v1/careers/health-information-technician' })).json().outlook,
    null,
    'the profile follows',
  )
})

t.test('a period or cycle write that fails at its last step leaves no rows and no audit entry', async (t) => {
  await refuseAuditFor(db, 'saboteur')
  const saboteur = bearer(await createKey(db, 'saboteur', 'read,write'))
  const before = await auditCount(db)
  const wages = await read(SALARIES)
  const wageRows = await db.selectFrom('wage_estimate').selectAll().orderBy('id').execute()
  const failed = await put(
    SALARIES,
    { data: [estimate({ employment: 1 }), estimate({ area: 'US', industry: '622' })] },
    { ...saboteur, 'if-match': wages.etag },
  )
  t.equal(failed.statusCode, 500)
  t.notMatch(failed.body, /audit refused/)
  t.same(
    await db.selectFrom('wage_estimate').selectAll().orderBy('id').execute(),
    wageRows,
    'every wage row as it was',
  )
  t.equal((await read(SALARIES)).etag, wages.etag)

  const manager = '/v1/careers/health-information-manager/outlook/2014-2024'
  const outlook = await read(manager)
  const projectionRows = await db.selectFrom('projection').selectAll().orderBy('id').execute()
  const refused = await put(
    manager,
    { data: [{ changePercent: 1, source: 'bls-ep-2014-24' }] },
    { ...saboteur, 'if-match': outlook.etag },
  )
  t.equal(refused.statusCode, 500)
  t.same(
    await db.selectFrom('projection').selectAll().orderBy('id').execute(),
    projectionRows,
    'every projection row as it was',
  )
  t.equal(await auditCount(db), before, 'no audit entry')
})
