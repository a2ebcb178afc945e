import t from 'tap'
import { setupApp } from '../../helpers/app.js'
import { assertBadParameter, assertConditionalGet, assertNotFound } from '../../helpers/http.js'

const { app } = await setupApp(t)

interface Compared {
  career: { slug: string, title: string }
  degreeRequired: string | null
  wage: { annual: { mean: number | null, median: number | null } } | null
  outlook: { changePercent: number | null } | null
}
interface Comparison {
  area: { code: string }
  careers: Compared[]
  sources: Array<{ slug: string, publisher: string }>
}

async function compare (query: string): Promise<Comparison> {
  const response = await app.inject({ url: `/v1/compare?${query}` })
  t.equal(response.statusCode, 200, query)
  return response.json<Comparison>()
}

t.test('the reference page\'s chart, as data', async (t) => {
  const chart = await compare('careers=health-information-technician,health-information-manager')
  t.match(chart, {
    area: { code: 'US', name: 'United States' },
    careers: [
      {
        career: { title: 'Health Information Technician', socCode: '29-2072' },
        degreeRequired: "Postsecondary certificate or associate's degree",
        fieldsOfStudy: [{ name: 'Health information technology', cip: { code: '51.0707' } }],
        licensure: 'Registered Health Information Technician (RHIT) typically required',
        credentials: [{ abbreviation: 'RHIT', level: 'typically-required', issuer: { abbreviation: 'AHIMA' } }],
        outlook: { baseYear: 2014, targetYear: 2024, changePercent: 15, descriptor: 'Much faster than average' },
        wage: {
          period: '2015-05',
          periodLabel: 'May 2015',
          currency: 'USD',
          annual: { mean: 40430, median: null },
          industry: null,
        },
      },
      {
        career: { title: 'Health Information Manager', socCode: '11-9111' },
        degreeRequired: "Bachelor's degree",
        fieldsOfStudy: [
          { name: 'Health information technology', cip: { code: '51.0707' } },
          { name: 'Health information management', cip: { code: '51.0706' } },
        ],
        licensure: 'Professional certification may be preferred',
        credentials: [{ abbreviation: 'RHIA', level: 'preferred' }, { kind: 'license', level: 'optional' }],
        outlook: { baseYear: 2014, targetYear: 2024, changePercent: 17, descriptor: 'Much faster than average' },
        wage: { period: '2015-05', annual: { mean: 106070, median: null }, industry: null },
      },
    ],
  })
  t.same(chart.sources.map((s) => `${s.slug}:${s.publisher}`), [
    'bls-ep-2014-24:U.S. Bureau of Labor Statistics',
    'bls-oews-2015-05:U.S. Bureau of Labor Statistics',
  ].sort(), 'the chart\'s footnote: each source once')
})

t.test('keys of any form, in the order asked, up to five', async (t) => {
  const technician = await app.inject({ url: '/v1/careers/health-information-technician' })
  const { id } = technician.json<{ id: number }>()
  const chart = await compare(`careers=11-9111,${id}`)
  t.same(chart.careers.map((c) => c.career.slug), ['health-information-manager', 'health-information-technician'])
  const five = await compare(
    'careers=medical-records-administrator,29-2072,11-9111,medical-transcriptionist,database-administrator',
  )
  t.equal(five.careers.length, 5)
  t.match(five.careers[0], {
    career: { slug: 'medical-records-administrator' },
    wage: null,
    outlook: null,
    degreeRequired: null,
  })
  t.match(five.careers[3], {
    career: { slug: 'medical-transcriptionist' },
    wage: null,
    outlook: null,
    degreeRequired: 'Postsecondary certificate',
  })
})

t.test('wages follow the area; a career without figures there has none', async (t) => {
  t.match(await compare('careers=29-2072,11-9111&area=us'), {
    area: { code: 'US' },
    careers: [{ wage: { annual: { mean: 40430 } } }, { wage: { annual: { mean: 106070 } } }],
  })
})

t.test('wages of a chosen year: the page\'s "average salary 2015" in the same call', async (t) => {
  t.match(await compare('careers=29-2072,11-9111&year=2015'), {
    careers: [{ wage: { period: '2015-05', annual: { mean: 40430 } } }, { wage: { period: '2015-05' } }],
  })
  t.match(await compare('careers=29-2072,11-9111&year=2024'), { careers: [{ wage: null }, { wage: null }] },
    'no estimate of that year: null, not another year\'s')
})

t.test('projections of a chosen cycle in the same call', async (t) => {
  const latest = await compare('careers=29-2072,11-9111')
  const older = await compare('careers=29-2072,11-9111&cycle=2014-2024')
  t.match(older, { careers: [{ outlook: { baseYear: 2014, targetYear: 2024 } }, { outlook: { baseYear: 2014 } }] })
  t.match(older.careers[0], { outlook: { changePercent: 15 } }, 'the reference page\'s 15%')
  t.same(
    older.careers.map((c) => c.career.slug),
    latest.careers.map((c) => c.career.slug),
    'the careers and their order do not change with the cycle',
  )
  const problem = await app.inject({ url: '/v1/compare?careers=29-2072,11-9111&cycle=1990-2000' })
  t.equal(problem.statusCode, 400)
  t.match(problem.json(), { type: '/problems/validation', errors: [{ name: 'query.cycle', reason: /1990-2000/ }] })
})

t.test('unknown keys are 404 problems naming them', async (t) => {
  await assertNotFound(t, app, '/v1/compare?careers=health-information-technician,astronaut', 'astronaut')
  const both = await app.inject({ url: '/v1/compare?careers=astronaut,29-2072,pilot' })
  t.match(both.json(), { status: 404, detail: /astronaut, pilot/ })
})

t.test('1, 6 or repeated keys, and other bad parameters, are 400 problems', async (t) => {
  const cases: Array<[string, string]> = [
    ['careers=29-2072', 'query.careers'],
    ['careers=a,b,c,d,e,f', 'query.careers'],
    ['careers=29-2072,29-2072', 'query.careers'],
    ['careers=29-2072,health-information-technician', 'query.careers'],
    ['careers=29-2072,,11-9111', 'query.careers'],
    ['careers=', 'query.careers'],
    ['', 'query.careers'],
    ['careers=29-2072,11-9111&area=XX', 'query.area'],
    ['careers=29-2072,11-9111&sort=title', 'query.sort'],
    ['careers=29-2072,11-9111&year=15', 'query.year'],
    ['careers=29-2072,11-9111&year=2015.5', 'query.year'],
    ['careers=29-2072,11-9111&cycle=2014', 'query.cycle'],
    ['careers=29-2072,11-9111&cycle=1990-2000', 'query.cycle'],
  ]
  for (const [query, name] of cases) await assertBadParameter(t, app, `/v1/compare?${query}`, name)
  const six = await app.inject({ url: '/v1/compare?careers=a,b,c,d,e,f' })
  t.match(six.json(), { detail: /2 to 5 career keys, got 6/ })
})

t.test('conditional GET', async (t) => {
  await assertConditionalGet(t, app, '/v1/compare?careers=health-information-technician,health-information-manager')
})
