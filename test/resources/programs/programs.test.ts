// Programs and institutions: writes with keys, If-Match and audit; the disclosure rule (a
// sponsored program never exists without its disclosure text); reads with filters, an
// ordering sponsorship cannot change, and the career's programs through its CIP codes.
import path from 'node:path'
import t from 'tap'
import { sql } from 'kysely'
import { importFile } from '../../../src/import/index.js'
import type { InstitutionBody, ProgramBody } from '../../../src/resources/programs/queries.js'
import { setupApp } from '../../helpers/app.js'
import { allPages, assertBadParameter, assertConditionalGet, assertNotFound } from '../../helpers/http.js'
import { bearer, createKey } from '../../helpers/keys.js'

const { app, database } = await setupApp(t, { rateLimitMax: 100_000 })
const db = database.db
const editor = bearer(await createKey(db, 'editor', 'read,write'))
const reader = bearer(await createKey(db, 'reader', 'read'))

interface Response { statusCode: number, headers: Record<string, unknown>, body: string, json: <T = unknown>() => T }
interface Refusal { errors: Array<{ name: string, reason: string }> }

async function send (
  method: 'POST' | 'PATCH' | 'DELETE',
  url: string,
  payload?: unknown,
  headers: Record<string, string> = editor,
): Promise<Response> {
  return await app.inject({
    method,
    url,
    headers: { ...headers, ...(payload === undefined ? {} : { 'content-type': 'application/json' }) },
    payload: payload === undefined ? undefined : JSON.stringify(payload),
  }) as Response
}

async function etagOf (url: string): Promise<string> {
  return String((await app.inject({ url })).headers.etag)
}

async function institution (fields: Record<string, unknown>): Promise<number> {
  const response = await send('POST', '/v1/institutions', { city: 'Springfield', state: 'IL', ...fields })
  t.equal(response.statusCode, 201, response.body)
  return response.json<{ id: number }>().id
}

async function program (fields: Record<string, unknown>): Promise<ProgramBody> {
  const response = await send(
    'POST',
    '/v1/programs',
    { awardLevel: 'associate', cipCode: '51.0707', delivery: 'on_campus', ...fields },
  )
  t.equal(response.statusCode, 201, response.body)
  return response.json<ProgramBody>()
}

const auditCount = async (): Promise<number> =>
  (await db.selectFrom('audit_log').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()).n

t.test('institutions: create, read, change with If-Match, audit, conflicts', async (t) => {
  const created = await send('POST', '/v1/institutions', {
    name: 'Lakeside College',
    city: 'Madison',
    state: 'WI',
    ipedsUnitId: 240000,
    url: 'https://lakeside.example/',
  })
  t.equal(created.statusCode, 201, created.body)
  const body = created.json<InstitutionBody>()
  t.equal(created.headers.location, `/v1/institutions/${body.id}`)
  t.match(body, {
    name: 'Lakeside College',
    city: 'Madison',
    state: 'WI',
    ipedsUnitId: 240000,
    url: 'https://lakeside.example/',
  })
  t.equal(created.headers.etag, await etagOf(`/v1/institutions/${body.id}`), 'the write\'s ETag is the GET\'s')
  await assertConditionalGet(t, app, `/v1/institutions/${body.id}`)

  t.equal(
    (await send('POST', '/v1/institutions', { name: 'Twin', city: 'Madison', state: 'WI', ipedsUnitId: 240000 }))
      .statusCode,
    409,
    'IPEDS unit ids are unique',
  )
  const bad = await send('POST', '/v1/institutions', { name: '', city: 'Madison', state: 'wi', ipedsUnitId: 12 })
  t.equal(bad.statusCode, 400)
  t.same(
    bad.json<{ errors: Array<{ name: string }> }>().errors.map((e) => e.name).sort(),
    ['body.ipedsUnitId', 'body.name', 'body.state'],
  )
  t.equal((await send('POST', '/v1/institutions', { name: 'x', city: 'y', state: 'WI' }, reader)).statusCode, 403)
  t.equal((await send('POST', '/v1/institutions', { name: 'x', city: 'y', state: 'WI' }, {})).statusCode, 401)

  const url = `/v1/institutions/${body.id}`
  t.equal((await send('PATCH', url, { city: 'Milwaukee' })).statusCode, 428)
  t.equal((await send('PATCH', url, { city: 'Milwaukee' }, { ...editor, 'if-match': '"stale"' })).statusCode, 412)
  const before = await auditCount()
  const changed = await send(
    'PATCH',
    url,
    { city: 'Milwaukee', url: null },
    { ...editor, 'if-match': await etagOf(url) },
  )
  t.equal(changed.statusCode, 200, changed.body)
  t.match(changed.json(), { city: 'Milwaukee', url: null })
  t.equal(changed.headers.etag, await etagOf(url))
  t.equal(await auditCount(), before + 1)
  const entry = await db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').executeTakeFirstOrThrow()
  t.match(entry, {
    actor: 'editor',
    action: 'update',
    entity: 'institution',
    entity_key: String(body.id),
    before: { city: 'Madison' },
    after: { city: 'Milwaukee' },
  })

  const list = await app.inject({ url: '/v1/institutions?state=WI&q=lakeside' })
  t.same(list.json().data.map((i: { id: number }) => i.id), [body.id])
  await assertNotFound(t, app, '/v1/institutions/999999', '999999')
  t.equal(
    (await send('DELETE', '/v1/institutions/999999', undefined, { ...editor, 'if-match': '"x"' })).statusCode,
    404,
  )
})

t.test('the disclosure rule: a sponsored program is never written without its disclosure text', async (t) => {
  const school = await institution({ name: 'Disclosure College' })
  const before = await auditCount()
  for (const payload of [
    { institutionId: school, name: 'HIT', sponsored: true },
    { institutionId: school, name: 'HIT', sponsored: true, sponsorDisclosure: null },
    { institutionId: school, name: 'HIT', sponsored: true, sponsorDisclosure: '   ' },
  ]) {
    const response = await send(
      'POST',
      '/v1/programs',
      { awardLevel: 'associate', cipCode: '51.0707', delivery: 'online', ...payload },
    )
    t.equal(response.statusCode, 400, JSON.stringify(payload))
    t.match(response.headers['content-type'], /^application\/problem\+json/)
    t.ok(
      response.json<{ errors: Array<{ name: string }> }>().errors.some((e) => e.name === 'body.sponsorDisclosure'),
      response.body,
    )
  }
  t.equal(await auditCount(), before, 'nothing written')

  const sponsored = await program({
    institutionId: school,
    name: 'HIT Online',
    delivery: 'online',
    sponsored: true,
    sponsorDisclosure: 'Sponsored by Disclosure College.',
  })
  t.match(sponsored, { sponsored: true, sponsorDisclosure: 'Sponsored by Disclosure College.' })
  const url = `/v1/programs/${sponsored.id}`
  const cleared = await send('PATCH', url, { sponsorDisclosure: null }, { ...editor, 'if-match': await etagOf(url) })
  t.equal(cleared.statusCode, 400, 'a patch cannot leave a sponsored program undisclosed')
  t.same(
    cleared.json<Refusal>().errors,
    [{ name: 'body.sponsorDisclosure', reason: 'a sponsored program needs its sponsor disclosure text' }],
  )

  const plain = await program({ institutionId: school, name: 'HIT Certificate', awardLevel: 'certificate' })
  t.match(plain, { sponsored: false, sponsorDisclosure: null })
  const plainUrl = `/v1/programs/${plain.id}`
  const turned = await send('PATCH', plainUrl, { sponsored: true }, { ...editor, 'if-match': await etagOf(plainUrl) })
  t.equal(turned.statusCode, 400)
  t.ok(turned.json<{ errors: Array<{ name: string }> }>().errors.some((e) => e.name === 'body.sponsorDisclosure'))
  const disclosed = await send(
    'PATCH',
    plainUrl,
    { sponsored: true, sponsorDisclosure: 'Paid listing.' },
    { ...editor, 'if-match': await etagOf(plainUrl) },
  )
  t.equal(disclosed.statusCode, 200, disclosed.body)

  await t.rejects(db.updateTable('program').set({ sponsor_disclosure: ' ' }).where('id', '=', sponsored.id).execute(),
    { message: /program_sponsored_disclosed/ }, 'the database refuses it too')
})

t.test('programs: references are checked, If-Match and audit on change and delete', async (t) => {
  const school = await institution({ name: 'Reference College' })
  const unknownSchool = await send('POST', '/v1/programs', {
    institutionId: 999999,
    name: 'x',
    awardLevel: 'master',
    cipCode: '51.0706',
    delivery: 'hybrid',
  })
  t.same([unknownSchool.statusCode, unknownSchool.json<Refusal>().errors[0]?.name], [400, 'body.institutionId'])
  const unknownCip = await send('POST', '/v1/programs', {
    institutionId: school,
    name: 'x',
    awardLevel: 'master',
    cipCode: '51.0799',
    delivery: 'hybrid',
  })
  t.same([unknownCip.statusCode, unknownCip.json<Refusal>().errors[0]?.name], [400, 'body.cipCode'])
  const series = await send('POST', '/v1/programs', {
    institutionId: school,
    name: 'x',
    awardLevel: 'master',
    cipCode: '51.07',
    delivery: 'hybrid',
  })
  t.same(
    [series.statusCode, series.json<Refusal>().errors[0]?.name],
    [400, 'body.cipCode'],
    'a program has a 6-digit code',
  )
  const tuition = await send('POST', '/v1/programs', {
    institutionId: school,
    name: 'x',
    awardLevel: 'master',
    cipCode: '51.0706',
    delivery: 'hybrid',
    tuition: { amount: 100 },
  })
  t.equal(tuition.statusCode, 400, 'tuition needs its year')

  const created = await program({
    institutionId: school,
    name: 'HIM, M.S.',
    awardLevel: 'master',
    cipCode: '51.0706',
    tuition: { amount: 21000, year: 2026 },
  })
  t.match(created, {
    fieldOfStudy: { code: '51.0706', title: 'Health Information/Medical Records Administration/Administrator' },
    tuition: { amount: 21000, currency: 'USD', year: 2026 },
    institution: { id: school },
  })
  const url = `/v1/programs/${created.id}`
  await assertConditionalGet(t, app, url)
  t.equal((await send('PATCH', url, { name: 'y' })).statusCode, 428)
  t.equal((await send('PATCH', url, { name: 'y' }, { ...editor, 'if-match': '"old"' })).statusCode, 412)
  const changed = await send(
    'PATCH',
    url,
    { tuition: null, delivery: 'online' },
    { ...editor, 'if-match': await etagOf(url) },
  )
  t.match(changed.json(), { tuition: null, delivery: 'online' })

  // A change to the school shows in its programs, and is audited for them.
  const schoolUrl = `/v1/institutions/${school}`
  const before = await auditCount()
  await send('PATCH', schoolUrl, { name: 'Reference University' }, { ...editor, 'if-match': await etagOf(schoolUrl) })
  t.equal(await auditCount(), before + 2, 'the institution and its program')
  t.equal((await app.inject({ url })).json().institution.name, 'Reference University')
  const held = await send('DELETE', schoolUrl, undefined, { ...editor, 'if-match': await etagOf(schoolUrl) })
  t.equal(held.statusCode, 409, 'a school with programs stays')

  t.equal((await send('DELETE', url, undefined)).statusCode, 428)
  t.equal((await send('DELETE', url, undefined, { ...editor, 'if-match': await etagOf(url) })).statusCode, 204)
  await assertNotFound(t, app, url, String(created.id))
  t.equal(
    (await send('DELETE', schoolUrl, undefined, { ...editor, 'if-match': await etagOf(schoolUrl) })).statusCode,
    204,
  )

  const feed = (await app.inject({ url: '/v1/changes?limit=500' }))
    .json<{ data: Array<{ entity: string, action: string, href: string, id: number }> }>().data
  t.match(feed.filter((c) => c.entity === 'program' && c.id === created.id).map((c) => [c.action, c.href]),
    [['create', url], ['update', url], ['update', url], ['delete', url]])
  t.equal((await send('PATCH', '/v1/programs/999999', { name: 'y' }, { ...editor, 'if-match': '"x"' })).statusCode, 404)
  t.equal((await send('DELETE', '/v1/programs/999999', undefined, { ...editor, 'if-match': '"x"' })).statusCode, 404)
  t.equal(
    (await send('PATCH', '/v1/institutions/999999', { name: 'y' }, { ...editor, 'if-match': '"x"' })).statusCode,
    404,
  )
})

t.test('reads: filters, and an order sponsorship never changes', async (t) => {
  const ohio = await institution({ name: 'Alpha College', state: 'OH' })
  const texas = await institution({ name: 'Beta Institute', state: 'TX' })
  const made = [
    await program({
      institutionId: texas,
      name: 'B',
      awardLevel: 'bachelor',
      cipCode: '51.0706',
      delivery: 'online',
      sponsored: true,
      sponsorDisclosure: 'Paid by Beta.',
    }),
    await program({ institutionId: ohio, name: 'A', delivery: 'hybrid' }),
    await program({ institutionId: texas, name: 'A', awardLevel: 'certificate', delivery: 'online' }),
  ]
  const ids = made.map((p: { id: number }) => p.id)
  const mine = (data: Array<{ id: number }>) => data.map((p) => p.id).filter((id) => ids.includes(id))

  const all = await allPages<{ id: number, sponsored: boolean, sponsorDisclosure: string | null }>(
    t,
    app,
    '/v1/programs?limit=1',
  )
  t.same(mine(all.items), [ids[1], ids[2], ids[0]], 'state, school, program name: the sponsored one is not lifted')
  t.ok(
    all.items.every((p) => !p.sponsored || (p.sponsorDisclosure ?? '').trim() !== ''),
    'every sponsored program carries its disclosure',
  )

  const query = async (q: string) => mine((await app.inject({ url: `/v1/programs?${q}` })).json().data)
  t.same(await query('state=TX'), [ids[2], ids[0]])
  t.same(await query('level=bachelor'), [ids[0]])
  t.same(await query('delivery=online&state=TX'), [ids[2], ids[0]])
  t.same(await query('sponsored=true'), [ids[0]])
  t.same(await query('sponsored=false&state=TX'), [ids[2]])
  t.same(await query('cip=51.0706'), [ids[0]])
  t.same(await query('cip=51'), [ids[1], ids[2], ids[0]])
  t.same(await query(`institution=${ohio}`), [ids[1]])
  await assertBadParameter(t, app, '/v1/programs?level=diploma', 'query.level')
  await assertBadParameter(t, app, '/v1/programs?state=Ohio', 'query.state')
  await assertBadParameter(t, app, '/v1/programs?cip=1.0000', 'query.cip')
  await assertBadParameter(t, app, '/v1/programs?colour=red', 'query.colour')
  const first = (await app.inject({ url: '/v1/programs?limit=1' })).json()
  await assertBadParameter(t, app, `/v1/programs?limit=1&state=TX&cursor=${first.nextCursor}`, 'query.cursor')
  await assertConditionalGet(t, app, '/v1/programs?state=TX')
})

t.test('a career\'s programs: through its fields of study and through the CIP–SOC crosswalk', async (t) => {
  const school = await institution({ name: 'Career College', state: 'CA' })
  const technology = await program({ institutionId: school, name: 'Health Information Technology', cipCode: '51.0707' })
  const management = await program({
    institutionId: school,
    name: 'Health Information Management',
    awardLevel: 'bachelor',
    cipCode: '51.0706',
    sponsored: true,
    sponsorDisclosure: 'Sponsored.',
  })
  const ids = (data: Array<{ id: number }>) => data.map((p) => p.id)
    .filter((id) => id === technology.id || id === management.id)

  const technician = await app.inject({ url: '/v1/careers/health-information-technician/programs' })
  t.equal(technician.statusCode, 200)
  t.same(ids(technician.json().data), [technology.id], 'the seed names 51.0707 for the technician')
  const manager = (await app.inject({ url: '/v1/careers/11-9111/programs?state=CA' })).json()
  t.same(ids(manager.data), [management.id, technology.id], 'both of the manager\'s fields, in name order')
  t.match(manager.data[0], { sponsored: true, sponsorDisclosure: 'Sponsored.' })
  t.same(ids((await app.inject({ url: '/v1/careers/11-9111/programs?sponsored=false' })).json().data), [technology.id])
  t.same(
    (await app.inject({ url: '/v1/careers/medical-transcriptionist/programs' })).json(),
    { data: [], nextCursor: null },
    'no CIP codes: no programs',
  )

  // The crosswalk links 51.0707 to 29-9021, a career without fields of study.
  await importFile(db, 'cip', path.resolve('test/fixtures/cip_soc/CIPCode2020.csv'))
  await importFile(db, 'cip-soc', path.resolve('test/fixtures/cip_soc/CIP2020_SOC2018_Crosswalk.xlsx'))
  const registrar = await send(
    'POST',
    '/v1/careers',
    { slug: 'medical-registrar', title: 'Medical Registrar', socCode: '29-9021' },
  )
  t.equal(registrar.statusCode, 201, registrar.body)
  t.same(ids((await app.inject({ url: '/v1/careers/medical-registrar/programs' })).json().data), [technology.id])
  await assertNotFound(t, app, '/v1/careers/no-such-career/programs', 'no-such-career')
  await assertBadParameter(t, app, '/v1/careers/11-9111/programs?delivery=mail', 'query.delivery')
})
