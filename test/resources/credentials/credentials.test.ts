import t from 'tap'
import * as seed from '../../../src/seed/reference-page.js'
import { setupApp } from '../../helpers/app.js'
import { allPages, assertBadParameter, assertConditionalGet, assertNotFound } from '../../helpers/http.js'

const { app } = await setupApp(t)

interface Summary { slug: string, abbreviation: string | null, name: string, kind: string }

async function get (url: string): Promise<unknown> {
  const response = await app.inject({ url })
  t.equal(response.statusCode, 200, url)
  return response.json()
}

async function listed (query: string): Promise<string[]> {
  const body = await get(`/v1/credentials?${query}`) as { data: Summary[] }
  return body.data.map((c) => c.slug)
}

const AHIMA = { slug: 'ahima', abbreviation: 'AHIMA', name: 'American Health Information Management Association' }

t.test('a career\'s credentials carry issuer, level, requirements and source', async (t) => {
  const rhit = seed.credentials.find((c) => c.slug === 'rhit')
  t.same(await get('/v1/careers/health-information-technician/credentials'), {
    data: [{
      slug: 'rhit',
      abbreviation: rhit?.abbreviation,
      name: rhit?.name,
      kind: 'certification',
      issuer: seed.organizations.find((o) => o.slug === 'ahima'),
      jurisdiction: null,
      requirements: rhit?.requirements,
      renewal: rhit?.renewal,
      source: { ...seed.AHIMA_CERTIFICATION, notice: null },
      level: 'typically-required',
      levelLabel: 'Typically required',
      note: null,
    }],
  })
  const manager = await get('/v1/careers/11-9111/credentials') as { data: Array<Record<string, unknown>> }
  t.match(manager.data, [
    { abbreviation: 'RHIA', level: 'preferred', issuer: AHIMA, renewal: /30 continuing education units/ },
    {
      slug: 'nursing-home-administrator-license',
      kind: 'license',
      level: 'optional',
      levelLabel: 'Optional',
      issuer: null,
      jurisdiction: /State/,
      note: /nursing home/,
      source: { slug: 'editorial' },
    },
  ])
  t.equal(manager.data.length, 2)
  t.same(await get('/v1/careers/database-administrator/credentials'), { data: [] })
})

t.test('the list, by name, filtered by kind, issuer and text', async (t) => {
  const all = ['nursing-home-administrator-license', 'rhia', 'rhit']
  t.same(await listed(''), all)
  t.same(await listed('kind=license'), ['nursing-home-administrator-license'])
  t.same(await listed('kind=certificate'), [])
  t.same(await listed('issuer=AHIMA'), ['rhia', 'rhit'])
  t.same(await listed('issuer=ahima&kind=license'), [])
  t.same(await listed('q=technician'), ['rhit'])
  t.same(await listed('q=RHI'), ['rhia', 'rhit'], 'text matches abbreviations too')
  const body = await get('/v1/credentials?q=rhit') as { data: unknown[] }
  t.same(body.data, [{
    slug: 'rhit', abbreviation: 'RHIT', name: 'Registered Health Information Technician', kind: 'certification', issuer: { ...AHIMA, url: 'https://www.ahima.org/' }, jurisdiction: null,
  }])
})

t.test('pages across boundaries without gaps or repeats', async (t) => {
  for (const limit of [1, 2]) {
    const { items, pages } = await allPages<Summary>(t, app, `/v1/credentials?limit=${limit}`)
    t.same(items.map((c) => c.slug), ['nursing-home-administrator-license', 'rhia', 'rhit'])
    t.equal(pages, Math.ceil(3 / limit))
  }
  const first = await get('/v1/credentials?limit=1') as { nextCursor: string }
  await assertBadParameter(
    t,
    app,
    `/v1/credentials?limit=1&kind=license&cursor=${encodeURIComponent(first.nextCursor)}`,
    'query.cursor',
  )
})

t.test('bad filters are 400 problems naming the parameter', async (t) => {
  await assertBadParameter(t, app, '/v1/credentials?kind=diploma', 'query.kind')
  await assertBadParameter(t, app, '/v1/credentials?issuer=nobody', 'query.issuer')
  await assertBadParameter(t, app, '/v1/credentials?limit=500', 'query.limit')
  await assertBadParameter(t, app, '/v1/credentials?level=required', 'query.level')
  await assertBadParameter(t, app, '/v1/credentials/rhit?verbose=1', 'query.verbose')
  await assertBadParameter(t, app, '/v1/careers/29-2072/credentials?kind=license', 'query.kind')
})

t.test('a credential by slug or abbreviation, with the careers it serves', async (t) => {
  const rhit = await get('/v1/credentials/RHIT') as { updatedAt: string }
  t.match(rhit, {
    slug: 'rhit',
    abbreviation: 'RHIT',
    issuer: AHIMA,
    requirements: /associate degree level.*CAHIIM/,
    renewal: /20 continuing education units/,
    source: { slug: 'ahima-certification' },
    careers: [{
      career: { slug: 'health-information-technician', title: 'Health Information Technician', socCode: '29-2072' },
      level: 'typically-required',
      note: null,
    }],
  })
  t.ok(!Number.isNaN(Date.parse(rhit.updatedAt)))
  for (const key of ['rhit', 'Rhit']) t.same(await get(`/v1/credentials/${key}`), rhit, key)
  t.match(await get('/v1/credentials/rhia'), {
    name: 'Registered Health Information Administrator',
    careers: [{ career: { slug: 'health-information-manager' }, level: 'preferred' }],
  })
  t.match(await get('/v1/credentials/nursing-home-administrator-license'), {
    abbreviation: null,
    careers: [{
      career: { slug: 'health-information-manager' },
      level: 'optional',
      note: 'Required when working as an administrator in a nursing home or long-term care facility.',
    }],
  })
})

t.test('unknown keys are 404 problems', async (t) => {
  await assertNotFound(t, app, '/v1/credentials/CCA', 'CCA')
  await assertNotFound(t, app, '/v1/careers/no-such-career/credentials', 'no-such-career')
})

t.test('conditional GETs', async (t) => {
  await assertConditionalGet(t, app, '/v1/credentials?issuer=ahima')
  await assertConditionalGet(t, app, '/v1/credentials/rhia')
  await assertConditionalGet(t, app, '/v1/careers/11-9111/credentials')
})
