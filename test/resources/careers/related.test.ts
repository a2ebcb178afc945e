import t from 'tap'
import { setupApp } from '../../helpers/app.js'
import { assertBadParameter, assertConditionalGet, assertNotFound } from '../../helpers/http.js'

const { app } = await setupApp(t)

interface Related { kind: string, direction: string, career: { slug: string, title: string, socCode: string | null } }

async function related (url: string): Promise<string[]> {
  const response = await app.inject({ url })
  t.equal(response.statusCode, 200, url)
  return response.json<{ data: Related[] }>().data.map((r) => `${r.kind}:${r.direction}:${r.career.slug}`)
}

t.test('typed relations, read from both ends', async (t) => {
  t.same(await related('/v1/careers/health-information-technician/related'), [
    'advancement:outgoing:health-information-manager',
    'alternative:outgoing:medical-transcriptionist',
    'specialization:incoming:medical-records-administrator',
  ])
  t.same(await related('/v1/careers/health-information-manager/related'), [
    'advancement:incoming:health-information-technician',
    'alternative:outgoing:database-administrator',
    'specialization:incoming:medical-records-administrator',
  ])
  t.same(
    await related('/v1/careers/15-1242/related'),
    ['alternative:incoming:health-information-manager'],
    'the alternative holds from the other end',
  )
  t.same(await related('/v1/careers/medical-records-administrator/related'), [
    'specialization:outgoing:health-information-manager',
    'specialization:outgoing:health-information-technician',
  ], 'the umbrella career groups its two types')
})

t.test('filtered by kind', async (t) => {
  t.same(
    await related('/v1/careers/health-information-technician/related?kind=alternative'),
    ['alternative:outgoing:medical-transcriptionist'],
  )
  t.same(await related('/v1/careers/health-information-technician/related?kind=similar'), [])
  const response = await app.inject({ url: '/v1/careers/health-information-technician/related?kind=advancement' })
  t.match(response.json(), { data: [{ career: { title: 'Health Information Manager', socCode: '11-9111' } }] })
})

t.test('not found, bad parameters, conditional GET', async (t) => {
  await assertNotFound(t, app, '/v1/careers/astronaut/related', 'astronaut')
  await assertBadParameter(t, app, '/v1/careers/29-2072/related?kind=cousin', 'query.kind')
  await assertBadParameter(t, app, '/v1/careers/29-2072/related?limit=0', 'query.limit')
  await assertBadParameter(t, app, '/v1/careers/29-2072/related?limit=two', 'query.limit')
  await assertBadParameter(t, app, '/v1/careers/29-2072/related?cursor=x', 'query.cursor')
  await assertConditionalGet(t, app, '/v1/careers/29-2072/related')
})

interface Headline {
  typicalEducation: { code: string } | null
  medianAnnualWage: { value: number | null, atLeast: number | null, period: string } | null
  employment: number | null
  growth: { percent: number | null, baseYear: number, targetYear: number, descriptor: string | null } | null
}

t.test('each related career carries the headline figures its own profile shows', async (t) => {
  const list = (await app.inject({ url: '/v1/careers/health-information-technician/related' }))
    .json<{ data: Array<Related & { headline: Headline }>, total: number }>()
  t.equal(list.total, list.data.length)
  let withWage = 0
  for (const item of list.data) {
    const profile = (await app.inject({ url: `/v1/careers/${item.career.slug}` })).json()
    const { headline } = item
    t.equal(headline.typicalEducation?.code ?? null, profile.education.typical?.code ?? null, item.career.slug)
    if (profile.wage === null) {
      t.equal(headline.medianAnnualWage, null)
    } else {
      withWage++
      t.equal(headline.medianAnnualWage?.value, profile.wage.annual.median, `${item.career.slug} median`)
      t.equal(headline.medianAnnualWage?.period, profile.wage.period)
      t.equal(headline.employment, profile.wage.employment)
    }
    t.same(
      headline.growth,
      profile.outlook === null
        ? null
        : {
            percent: profile.outlook.changePercent,
            baseYear: profile.outlook.baseYear,
            targetYear: profile.outlook.targetYear,
            descriptor: profile.outlook.descriptor,
            publishedAs: profile.outlook.publishedAs,
          },
      `${item.career.slug} growth`,
    )
  }
  t.ok(withWage > 0, 'some related career has a wage to compare')
})

t.test('limit keeps the closest; total counts them all', async (t) => {
  const all = (await app.inject({ url: '/v1/careers/health-information-technician/related' })).json()
  const first = (await app.inject({ url: '/v1/careers/health-information-technician/related?limit=1' })).json()
  t.equal(first.total, all.total)
  t.same(first.data, all.data.slice(0, 1))
  t.ok(all.total > 1)
})
