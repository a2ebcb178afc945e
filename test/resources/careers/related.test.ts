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
  await assertBadParameter(t, app, '/v1/careers/29-2072/related?limit=2', 'query.limit')
  await assertConditionalGet(t, app, '/v1/careers/29-2072/related')
})
