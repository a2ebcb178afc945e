// The lists partners publish: sorts on the latest national figures, filters on them and on
// education, job zone, interests and kind, each row with its headline figures; keyset pages.
import path from 'node:path'
import t from 'tap'
import { importFile } from '../../../src/import/index.js'
import { setupApp } from '../../helpers/app.js'
import { allPages, assertBadParameter, type Asserts } from '../../helpers/http.js'

const { app, database } = await setupApp(t, { rateLimitMax: 100_000 })
const fixture = (file: string) => path.resolve('test/fixtures', file)
// Without the SOC files, OEWS and EP make a career of each detailed code they publish.
await importFile(database.db, 'oews', fixture('oews/national_M2024_dl.xlsx'))
await importFile(database.db, 'projections', fixture('ep/occupation.xlsx'))
for (const table of ['Occupation Data', 'Job Zones', 'Interests']) {
  await importFile(database.db, 'onet', fixture(`onet_29_2/${table}.txt`))
}

interface Headline {
  typicalEducation: { code: string } | null
  medianAnnualWage: { value: number | null, atLeast: number | null, period: string, publishedAs: string } | null
  employment: number | null
  growth: { percent: number | null, baseYear: number, targetYear: number, publishedAs: string } | null
}
interface Listed {
  id: number
  slug: string
  socCode: string | null
  kind: string
  typicalEducation: { code: string } | null
  headline: Headline
  match: { score: number, matched: string, alternateTitle: string | null } | null
}

async function every (query: string): Promise<Listed[]> {
  return (await allPages<Listed>(t, app, `/v1/careers?limit=3&${query}`)).items
}

/** The sort figure: a top-coded median at its floor; null for none. */
const wageOf = (c: Listed): number | null =>
  c.headline.medianAnnualWage?.value ?? c.headline.medianAnnualWage?.atLeast ?? null
const growthOf = (c: Listed): number | null => c.headline.growth?.percent ?? null

type Checks = Asserts & { fail: (message: string) => void }

function inOrder (t: Checks, items: Listed[], figure: (c: Listed) => number | null, direction: 'asc' | 'desc') {
  const present = items.filter((c) => figure(c) !== null)
  const firstMissing = items.findIndex((c) => figure(c) === null)
  t.ok(firstMissing === -1 || items.slice(firstMissing).every((c) => figure(c) === null), 'careers without it last')
  for (let i = 1; i < present.length; i++) {
    const [a, b] = [figure(present[i - 1] as Listed) ?? 0, figure(present[i] as Listed) ?? 0]
    if (direction === 'desc' ? a < b : a > b) t.fail(`${present[i - 1]?.slug} before ${present[i]?.slug}`)
  }
}

t.test('highest paid first, a top-coded median at its floor and marked', async (t) => {
  const items = await every('sort=median-wage')
  t.ok(items.length > 5)
  inOrder(t, items, wageOf, 'desc')
  const top = items[0]
  t.match(top, { socCode: '29-1211', headline: { medianAnnualWage: { value: null, atLeast: 239200 } } },
    'the top-coded median leads at its floor, as a floor')
  t.equal(new Set(items.map((c) => c.id)).size, items.length, 'no career twice across pages')
  const reversed = await every('sort=median-wage&order=asc')
  inOrder(t, reversed, wageOf, 'asc')
  t.same(reversed.map((c) => c.id).sort(), items.map((c) => c.id).sort(), 'the same careers, reversed')
  t.equal(wageOf(reversed.at(-1) as Listed), null, 'careers without a wage stay last ascending too')
})

t.test('fastest growing, most openings, most employment', async (t) => {
  inOrder(t, await every('sort=growth'), growthOf, 'desc')
  inOrder(t, await every('sort=growth&order=asc'), growthOf, 'asc')
  inOrder(t, await every('sort=employment'), (c) => c.headline.employment, 'desc')
  const openings = await every('sort=openings&kind=occupation,group')
  t.ok(openings.length > 0)
  t.ok(openings.every((c) => c.kind !== 'editorial'), 'kind filters')
})

t.test('filters hold for every row and combine', async (t) => {
  const band = await every('minWage=40000&maxWage=60000&sort=median-wage')
  t.ok(band.length > 0)
  t.ok(band.every((c) => c.headline.medianAnnualWage?.value !== null &&
    (wageOf(c) ?? 0) >= 40000 && (wageOf(c) ?? 0) <= 60000), 'every median in the band')
  const rich = await every('minWage=200000')
  t.ok(rich.some((c) => c.socCode === '29-1211'), 'a top-coded median meets a minimum below its floor')
  t.notOk((await every('maxWage=1000000')).some((c) => c.socCode === '29-1211'),
    'a top-coded median, known only as a floor, never meets a maximum')
  const growing = await every('minGrowth=5&sort=growth')
  t.ok(growing.length > 0 && growing.every((c) => (growthOf(c) ?? -1) >= 5))
  const degrees = await every('education=bachelor,master')
  t.ok(degrees.length > 0 && degrees.every((c) => ['bachelor', 'master'].includes(c.typicalEducation?.code ?? '')))
  t.same(degrees.map((c) => c.typicalEducation?.code), degrees.map((c) => c.headline.typicalEducation?.code))
  const both = await every('education=bachelor&minWage=50000&sort=median-wage')
  t.ok(both.every((c) => c.typicalEducation?.code === 'bachelor' && (wageOf(c) ?? 0) >= 50000))
  const own = await every('publishedAs=occupation&kind=occupation,group&sort=median-wage')
  t.ok(own.every((c) => c.headline.medianAnnualWage?.publishedAs !== 'group'), 'own figures only')
  const searched = await every('q=medical&sort=median-wage')
  inOrder(t, searched, wageOf, 'desc')
  t.ok(searched.length > 0)
})

t.test('a list with q sorted otherwise holds the careers search finds, each with the match search gives it',
  async (t) => {
    for (const q of ['medical', 'records', 'health', 'managers']) {
      const found = await every(`q=${q}`)
      t.ok(found.length > 3, `${q}: several pages of three`)
      const matchOf = new Map(found.map((c) => [c.slug, c.match]))
      for (const sort of ['title', 'median-wage&order=asc', 'soc&order=desc']) {
        const listed = await every(`q=${q}&sort=${sort}`)
        t.same(listed.map((c) => c.slug).sort(), [...matchOf.keys()].sort(), `${q}, by ${sort}: the same careers`)
        t.ok(listed.every((c) => c.match !== null), `${q}, by ${sort}: each with its match`)
        t.same(listed.map((c) => c.match), listed.map((c) => matchOf.get(c.slug)), `${q}, by ${sort}: the same matches`)
      }
    }
  })

t.test('job zone and interest filters read the O*NET data', async (t) => {
  const rows = await database.db.selectFrom('career').select(['slug', 'job_zone']).where('job_zone', 'is not', null)
    .execute()
  t.ok(rows.length > 0, 'the fixture has job zones')
  const zone = rows[0]?.job_zone ?? 0
  const zoned = await every(`jobZone=${zone}`)
  t.same(zoned.map((c) => c.slug).sort(), rows.filter((r) => r.job_zone === zone).map((r) => r.slug).sort())
  const interests = await app.inject({ url: '/v1/careers/29-2072/interests' })
  const code: string = interests.json().code
  t.match(code, /^[RIASEC]{3}$/, 'the fixture rates 29-2072')
  const first = await every(`interest=${code.slice(0, 1)}`)
  t.ok(first.some((c) => c.socCode === '29-2072'), `${code}: found by its first letter`)
  t.ok((await every(`interest=${code}`)).some((c) => c.socCode === '29-2072'), 'and by its whole code')
  const other = 'RIASEC'.split('').find((letter) => letter !== code[0]) ?? 'R'
  t.notOk((await every(`interest=${other}${code.slice(1)}`)).some((c) => c.socCode === '29-2072'),
    'not by another first letter')
})

t.test('bad values are 400s naming the parameter', async (t) => {
  for (const [query, name] of [
    ['sort=salary', 'query.sort'], ['order=up', 'query.order'], ['minWage=lots', 'query.minWage'],
    ['minWage=-1', 'query.minWage'], ['maxWage=1.5', 'query.maxWage'], ['minGrowth=x', 'query.minGrowth'],
    ['outlook=booming', 'query.outlook'], ['education=bachelor,phd', 'query.education'],
    ['education=', 'query.education'], ['jobZone=6', 'query.jobZone'], ['interest=XYZ', 'query.interest'],
    ['kind=official', 'query.kind'], ['publishedAs=group', 'query.publishedAs'],
  ] as const) {
    await assertBadParameter(t, app, `/v1/careers?${query}`, name)
  }
  const listed = await app.inject({ url: '/v1/careers?education=bachelor,phd' })
  t.match(listed.json(), { errors: [{ reason: /one or more of, comma-separated: no-formal-credential, / }] })
  const first = (await app.inject({ url: '/v1/careers?sort=growth&limit=1' })).json()
  const reused = await app.inject({ url: `/v1/careers?sort=median-wage&limit=1&cursor=${first.nextCursor}` })
  t.equal(reused.statusCode, 400, 'a cursor of another sort is refused')
})
