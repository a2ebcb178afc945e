// What O*NET says about the work, served: a career's technology skills, interests and work
// styles from the O*NET fixture (real 29.2 rows), each with O*NET's notice; the profile's
// `work` summary and `dutiesFrom`; and the one-record-per-occupation rule as clients see it.
import path from 'node:path'
import t from 'tap'
import { importFile } from '../../../src/import/index.js'
import { interestCode } from '../../../src/resources/career-work/queries.js'
import type { CareerBody } from '../../../src/resources/careers/queries.js'
import { afterChange, setupApp } from '../../helpers/app.js'
import { assertBadParameter, assertConditionalGet, assertNotFound } from '../../helpers/http.js'
import { bearer, createKey } from '../../helpers/keys.js'

const ONET = ['Occupation Data', 'Task Statements', 'Alternate Titles', 'Sample of Reported Titles',
  'Related Occupations', 'Job Zones', 'Education, Training, and Experience Categories',
  'Education, Training, and Experience', 'Technology Skills', 'Interests', 'Work Styles']

const { app, database } = await setupApp(t)
const db = database.db
for (const table of ONET) await importFile(db, 'onet', path.resolve('test/fixtures/onet_29_2', `${table}.txt`))

interface Skill {
  commodityCode: string
  commodityTitle: string
  hot: boolean
  inDemand: boolean
  examples: Array<{ name: string, hot: boolean, inDemand: boolean }>
}
interface Record { onetSocCode: string, title: string | null }
interface Attributed { from: Record | null, attributions: Array<{ slug: string, notice: string | null }> }

async function get<T> (url: string): Promise<T> {
  const response = await app.inject({ url })
  if (response.statusCode !== 200) throw new Error(`${url}: ${response.statusCode} ${response.body}`)
  return response.json<T>()
}

const onet = { slug: 'onet-29-2', notice: /O\*NET 29\.2 Database.*CC BY 4\.0/ }
const SPECIALTY = { onetSocCode: '15-1299.08', title: 'Computer Systems Engineers/Architects' }

t.test('technology skills: by commodity, hot first, then in demand, then title; examples likewise', async (t) => {
  const body = await get<{ data: Skill[] } & Attributed>('/v1/careers/29-2072/technology-skills')
  t.same(body.data.map((s) => [s.commodityTitle, s.hot, s.inDemand]), [
    ['Electronic mail software', true, true],
    ['Medical software', true, true],
    ['Spreadsheet software', true, true],
    ['Word processing software', true, true],
    ['Data base user interface and query software', true, false],
    ['Categorization or classification software', false, false],
  ])
  t.same(body.data[1], {
    commodityCode: '43232610',
    commodityTitle: 'Medical software',
    hot: true,
    inDemand: true,
    examples: [
      { name: 'Epic Systems', hot: true, inDemand: true },
      { name: 'eClinicalWorks EHR software', hot: true, inDemand: false },
      { name: 'Henry Schein Dentrix', hot: true, inDemand: false },
      { name: 'MEDITECH software', hot: true, inDemand: false },
      { name: 'Allscripts EHR', hot: false, inDemand: false },
    ],
  }, 'hot, then in demand, then by name ignoring case ("eClinicalWorks" between "Epic" and "Henry")')
  t.same(body.data[3]?.examples.map((e) => e.name), ['Microsoft Word', 'Word processing software'])
  t.equal(body.from, null, 'the occupation\'s own record')
  t.match(body.attributions, [onet])
  t.equal(body.attributions.length, 1)

  const registrars = await get<{ data: Skill[] } & Attributed>('/v1/careers/29-9021/technology-skills')
  t.same(registrars.data.flatMap((s) => s.examples.map((e) => e.name)),
    ['Epic Systems', 'Microsoft Excel', 'IBM SPSS Statistics'],
    'the .00 record\'s rows, not its specialty\'s (29-9021.01)')
})

t.test('interests: six scores in RIASEC order and the code of the three highest', async (t) => {
  const body = await get<{ scores: Array<{ letter: string, name: string, score: number }>, code: string | null }
    & Attributed>('/v1/careers/29-2072/interests')
  t.same(body.scores, [
    { letter: 'R', name: 'Realistic', score: 2.86 },
    { letter: 'I', name: 'Investigative', score: 4.33 },
    { letter: 'A', name: 'Artistic', score: 1 },
    { letter: 'S', name: 'Social', score: 3.38 },
    { letter: 'E', name: 'Enterprising', score: 1.88 },
    { letter: 'C', name: 'Conventional', score: 6.97 },
  ])
  t.equal(body.code, 'CIS')
  t.equal(body.from, null)
  t.match(body.attributions, [onet])
  t.equal((await get<{ code: string }>('/v1/careers/11-9111/interests')).code, 'ECS', 'E 5.65 before C 5.63')

  const editorial = await get<{ scores: unknown[], code: string | null } & Attributed>(
    '/v1/careers/health-information-technician/interests')
  t.same(editorial, { scores: [], code: null, from: null, attributions: [] },
    'an editorial career has no O*NET data of its own, and no notice')
})

t.test('the interest code: highest first, ties in RIASEC order', async (t) => {
  const scores = { realistic: 1, investigative: 1, artistic: 1, social: 1, enterprising: 1, conventional: 1 }
  t.equal(interestCode(scores), 'RIA', 'all tied: RIASEC order')
  t.equal(interestCode({ ...scores, conventional: 5, social: 5, enterprising: 4 }), 'SCE')
  t.equal(interestCode({ ...scores, conventional: 7, social: 3, enterprising: 3 }), 'CSE')
  t.equal(interestCode(null), null)
})

t.test('work styles: most important first, ties by element id; none where O*NET rates none', async (t) => {
  const body = await get<{ data: Array<{ elementId: string, name: string, importance: number }> } & Attributed>(
    '/v1/careers/11-9111/work-styles')
  t.equal(body.data.length, 16)
  t.same(body.data.slice(0, 4), [
    { elementId: '1.C.5.c', name: 'Integrity', importance: 4.81 },
    { elementId: '1.C.2.b', name: 'Leadership', importance: 4.75 },
    { elementId: '1.C.3.a', name: 'Cooperation', importance: 4.75 },
    { elementId: '1.C.5.a', name: 'Dependability', importance: 4.68 },
  ])
  const importances = body.data.map((s) => s.importance)
  t.same(importances, [...importances].sort((a, b) => b - a), 'by importance, descending')
  const stress = body.data.findIndex((s) => s.name === 'Stress Tolerance')
  t.equal(body.data[stress + 1]?.name, 'Attention to Detail', 'tied at 4.46: 1.C.4.b before 1.C.5.b')
  t.match(body, { from: null, attributions: [onet] })
  t.same(await get('/v1/careers/29-2072/work-styles'), { data: [], from: null, attributions: [] },
    'O*NET 29.2 rates no work styles for 29-2072')
})

t.test('an occupation O*NET rates only through its specialties: the lowest-numbered one, named', async (t) => {
  const skills = await get<{ data: Skill[] } & Attributed>('/v1/careers/15-1299/technology-skills')
  t.same(skills.from, SPECIALTY)
  t.same(skills.data.map((s) => [s.commodityTitle, s.hot, s.inDemand]), [
    ['Data base management system software', true, false],
    ['Document management software', true, false],
    ['Network security and virtual private network VPN equipment software', false, true],
  ], '15-1299.08\'s, not 15-1299.09\'s (AJAX); in demand but not hot after the hot ones')
  t.match(skills.attributions, [onet])
  const interests = await get<{ code: string } & Attributed>('/v1/careers/15-1299/interests')
  t.same([interests.code, interests.from], ['ICR', SPECIALTY])
  const styles = await get<{ data: unknown[] } & Attributed>('/v1/careers/15-1299/work-styles')
  t.same([styles.data.length, styles.from], [16, SPECIALTY])
})

t.test('the profile: work in brief, and where the duties come from', async (t) => {
  const specialists = await get<CareerBody>('/v1/careers/29-2072')
  t.same(specialists.work, {
    interestCode: 'CIS',
    topTechnologies: [
      { commodityCode: '43233501', commodityTitle: 'Electronic mail software', examples: ['Microsoft Outlook'] },
      {
        commodityCode: '43232610',
        commodityTitle: 'Medical software',
        examples: ['Epic Systems', 'eClinicalWorks EHR software', 'Henry Schein Dentrix'],
      },
      { commodityCode: '43232110', commodityTitle: 'Spreadsheet software', examples: ['Microsoft Excel'] },
      { commodityCode: '43232104', commodityTitle: 'Word processing software', examples: ['Microsoft Word'] },
      {
        commodityCode: '43232306',
        commodityTitle: 'Data base user interface and query software',
        examples: ['Microsoft Access', 'Structured query language SQL'],
      },
    ],
  }, 'the first five commodities with a hot technology, their first three hot examples')
  t.equal(specialists.dutiesFrom, null, 'its own tasks')
  t.equal(specialists.duties.length, 3)
  t.match(specialists.attributions, [onet])

  const other = await get<CareerBody>('/v1/careers/15-1299')
  t.equal(other.title, 'Computer Occupations, All Other')
  t.same(other.dutiesFrom, SPECIALTY, '15-1299.00 has no tasks: 15-1299.08 has, before 15-1299.09')
  t.same(other.duties, [
    'Communicate with staff or clients to understand specific system requirements.',
    'Investigate system component suitability for specified purposes, and make recommendations regarding ' +
      'component use.',
    'Develop application-specific software.',
  ], 'core tasks first; none of 15-1299.09\'s')
  t.same(other.work, {
    interestCode: 'ICR',
    topTechnologies: [
      { commodityCode: '43232304', commodityTitle: 'Data base management system software',
        examples: ['Amazon DynamoDB'] },
      { commodityCode: '43232202', commodityTitle: 'Document management software', examples: ['Adobe Acrobat'] },
    ],
  }, 'a commodity with an in-demand example but no hot one is not a top technology')

  const registrars = await get<CareerBody>('/v1/careers/29-9021')
  t.same([registrars.dutiesFrom, registrars.duties], [null, ['Maintain cancer registry data.']],
    'the .00 record\'s tasks, not its specialty\'s')
  t.same(registrars.work.topTechnologies.map((top) => top.commodityTitle),
    ['Medical software', 'Spreadsheet software', 'Analytical or scientific software'])

  const technician = await get<CareerBody>('/v1/careers/health-information-technician')
  t.same([technician.work, technician.dutiesFrom], [{ interestCode: null, topTechnologies: [] }, null],
    'an editorial career: its editors\' duties, no O*NET work data')
})

t.test('an editor\'s duties are nobody\'s O*NET record', async (t) => {
  const key = await createKey(db, 'editor', 'read,write')
  const before = await app.inject({ url: '/v1/careers/15-1299' })
  const response = await afterChange(app, () => app.inject({
    method: 'PATCH',
    url: '/v1/careers/15-1299',
    headers: {
      ...bearer(key), 'content-type': 'application/merge-patch+json', 'if-match': String(before.headers.etag),
    },
    payload: JSON.stringify({ duties: ['Keep the computers running.'] }),
  }))
  t.equal(response.statusCode, 200, 'the PATCH is taken')
  t.same([response.json<CareerBody>().duties, response.json<CareerBody>().dutiesFrom],
    [['Keep the computers running.'], null])
  const row = await db.selectFrom('career').select('duties_onet_soc_code').where('soc_code', '=', '15-1299')
    .executeTakeFirstOrThrow()
  t.equal(row.duties_onet_soc_code, null)
})

t.test('not found, unknown parameters, conditional GET', async (t) => {
  for (const part of ['technology-skills', 'interests', 'work-styles']) {
    await assertNotFound(t, app, `/v1/careers/astronaut/${part}`, 'astronaut')
    await assertBadParameter(t, app, `/v1/careers/29-2072/${part}?limit=2`, 'query.limit')
    await assertConditionalGet(t, app, `/v1/careers/29-2072/${part}`)
  }
})
