import t from 'tap'
import { setupApp } from '../../helpers/app.js'

const { app } = await setupApp(t)

interface Listed { slug: string, socCode: string | null }
interface ListBody { data: Listed[], nextCursor: string | null }

async function list (query: string): Promise<ListBody> {
  const response = await app.inject({ url: `/v1/careers?${query}` })
  t.equal(response.statusCode, 200, `GET /v1/careers?${query}`)
  return response.json<ListBody>()
}

t.test('full text search finds both medical records careers', async (t) => {
  const slugs = (await list('q=medical%20records')).data.map((c) => c.slug)
  t.ok(slugs.includes('health-information-technician'))
  t.ok(slugs.includes('health-information-manager'))
  t.notOk(slugs.includes('database-administrator'), 'unrelated careers stay out')
})

t.test('search tolerates typos', async (t) => {
  const slugs = (await list('q=medcal%20recrds')).data.map((c) => c.slug)
  t.ok(slugs.includes('health-information-technician'))
  t.ok(slugs.includes('health-information-manager'))
})

t.test('search matches other word forms', async (t) => {
  const slugs = (await list('q=transcription')).data.map((c) => c.slug)
  t.same(slugs, ['medical-transcriptionist'])
})

t.test('search ranks the best title match first', async (t) => {
  const slugs = (await list('q=database%20administrator')).data.map((c) => c.slug)
  t.equal(slugs[0], 'database-administrator')
})

t.test('filters by education and SOC prefix', async (t) => {
  const bachelor = (await list('education=bachelor')).data.map((c) => c.slug).sort()
  t.same(bachelor, ['database-administrator', 'health-information-manager'])
  const health = (await list('soc=29')).data.map((c) => c.slug)
  t.same(health, ['health-information-technician'])
  const none = await list('soc=29-9')
  t.same(none, { data: [], nextCursor: null, attributions: [] })
})

t.test('pages across boundaries without gaps or repeats', async (t) => {
  for (const query of ['sort=title', 'sort=soc', 'q=medical']) {
    const whole = (await list(`${query}&limit=100`)).data.map((c) => c.slug)
    t.ok(whole.length >= 3, `${query} has several results`)
    const paged: string[] = []
    let cursor: string | null = null
    let pages = 0
    do {
      const after = cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`
      const page: ListBody = await list(`${query}&limit=2${after}`)
      t.ok(page.data.length <= 2)
      paged.push(...page.data.map((c) => c.slug))
      cursor = page.nextCursor
      pages++
    } while (cursor !== null && pages < 20)
    t.same(paged, whole, `${query}: pages join to the whole list`)
    t.equal(pages, Math.ceil(whole.length / 2))
  }
})

t.test('default listing is by title', async (t) => {
  const titles = (await list('')).data.map((c) => c.slug)
  t.same(titles, [...titles].sort())
})

t.test('bad parameters are 400 problems naming the parameter', async (t) => {
  const cases: Array<[string, string]> = [
    ['limit=0', 'query.limit'],
    ['limit=101', 'query.limit'],
    ['limit=ten', 'query.limit'],
    ['education=phd', 'query.education'],
    ['soc=2x', 'query.soc'],
    ['colour=blue', 'query.colour'],
    ['cursor=not-a-cursor', 'query.cursor'],
    ['sort=relevance', 'query.sort'],
  ]
  for (const [query, name] of cases) {
    const response = await app.inject({ url: `/v1/careers?${query}` })
    t.equal(response.statusCode, 400, query)
    t.match(response.headers['content-type'], /^application\/problem\+json/)
    const body = response.json<{ status: number, errors: Array<{ name: string }> }>()
    t.equal(body.status, 400)
    t.ok(body.errors.some((e) => e.name === name), `${query} names ${name}: ${JSON.stringify(body.errors)}`)
  }
})

t.test('a cursor only continues the query it came from', async (t) => {
  const first = await list('q=medical&limit=1')
  t.type(first.nextCursor, 'string')
  const response = await app.inject({
    url: `/v1/careers?q=health&limit=1&cursor=${encodeURIComponent(first.nextCursor ?? '')}`,
  })
  t.equal(response.statusCode, 400)
  t.match(response.json(), { errors: [{ name: 'query.cursor' }] })
})

t.test('a career is found by slug, id and SOC code', async (t) => {
  const bySlug = await app.inject({ url: '/v1/careers/health-information-technician' })
  t.equal(bySlug.statusCode, 200)
  const { id } = bySlug.json<{ id: number }>()
  for (const key of [String(id), '29-2072', 'Health-Information-Technician']) {
    const response = await app.inject({ url: `/v1/careers/${key}` })
    t.equal(response.statusCode, 200, key)
    t.equal(response.json<{ slug: string }>().slug, 'health-information-technician', key)
  }
})

t.test('unknown careers are 404 problems', async (t) => {
  for (const key of ['no-such-career', '99-9999', '999999']) {
    const response = await app.inject({ url: `/v1/careers/${key}` })
    t.equal(response.statusCode, 404, key)
    t.match(response.headers['content-type'], /^application\/problem\+json/)
    t.match(response.json(), { status: 404, title: 'Not Found', detail: new RegExp(key) })
  }
})

t.test('the technician profile carries the reference page facts', async (t) => {
  const body = (await app.inject({ url: '/v1/careers/29-2072' })).json()
  t.match(body, {
    title: 'Health Information Technician',
    socCode: '29-2072',
    education: {
      typical: { code: 'postsecondary-nondegree' },
      degreeRequired: "Postsecondary certificate or associate's degree",
      fieldsOfStudy: [{ name: 'Health information technology', cip: { code: '51.0707' } }],
    },
    licensure: 'Registered Health Information Technician (RHIT) typically required',
    credentials: [{ abbreviation: 'RHIT', level: 'typically-required', issuer: { abbreviation: 'AHIMA' } }],
    wage: {
      socCode: '29-2071',
      socVersion: 2010,
      period: '2015-05',
      periodLabel: 'May 2015',
      area: { code: 'US' },
      industry: null,
      currency: 'USD',
      annual: { mean: 40430, median: null },
      source: { publisher: 'U.S. Bureau of Labor Statistics' },
    },
    outlook: {
      baseYear: 2014,
      targetYear: 2024,
      changePercent: 15,
      descriptor: 'Much faster than average',
      baseEmployment: null,
      source: { publisher: 'U.S. Bureau of Labor Statistics' },
    },
  })
  t.ok(body.alternateTitles.includes('Medical Records Technician'))
  t.same(
    body.related
      .map((r: { kind: string, direction: string, career: { slug: string } }) =>
        `${r.kind}:${r.direction}:${r.career.slug}`)
      .sort(),
    [
      'advancement:outgoing:health-information-manager',
      'alternative:outgoing:medical-transcriptionist',
      'specialization:incoming:medical-records-administrator',
    ],
  )
})

t.test('the manager profile carries the reference page facts', async (t) => {
  const body = (await app.inject({ url: '/v1/careers/health-information-manager' })).json()
  t.match(body, {
    socCode: '11-9111',
    education: { typical: { code: 'bachelor' }, degreeRequired: "Bachelor's degree" },
    wage: { annual: { mean: 106070 }, industry: null },
    outlook: { changePercent: 17, descriptor: 'Much faster than average' },
  })
  const abbreviations = body.credentials
    .map((c: { abbreviation: string | null, name: string }) => c.abbreviation ?? c.name)
  t.same(abbreviations, ['RHIA', 'Nursing Home Administrator License'], 'ordered by requirement level')
  t.match(body.credentials[1], { kind: 'license', issuer: null, jurisdiction: /State/ })
})

t.test('the umbrella career groups its two types', async (t) => {
  const body = (await app.inject({ url: '/v1/careers/medical-records-administrator' })).json()
  t.equal(body.socCode, null)
  t.equal(body.wage, null)
  t.equal(body.outlook, null)
  t.same(
    body.related.map((r: { kind: string, career: { slug: string } }) => `${r.kind}:${r.career.slug}`).sort(),
    ['specialization:health-information-manager', 'specialization:health-information-technician'],
  )
})
