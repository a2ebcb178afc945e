// A career's credential links and relations: written with the career's ETag as If-Match.
import t from 'tap'
import { setupApp } from '../../helpers/app.js'
import { bearer, createKey } from '../../helpers/keys.js'
import { auditCount, refuseAuditFor } from '../../helpers/sabotage.js'
import type { CareerBody } from '../../../src/resources/careers/queries.js'
import type { CredentialBody } from '../../../src/resources/credentials/queries.js'

const { app, database } = await setupApp(t)
const db = database.db
const auth = bearer(await createKey(db, 'link-editor', 'read,write'))

interface Response { statusCode: number, headers: Record<string, unknown>, body: string, json: <T = unknown>() => T }

async function career (key: string): Promise<{ etag: string, body: CareerBody }> {
  const response = await app.inject({ url: `/v1/careers/${key}` })
  return { etag: String(response.headers.etag), body: response.json<CareerBody>() }
}

function send (
  method: 'PUT' | 'DELETE',
  url: string,
  headers: Record<string, string>,
  payload?: object,
): Promise<Response> {
  return app.inject({
    method,
    url,
    headers: { ...auth, ...headers },
    ...(payload === undefined ? {} : { payload }),
  }) as Promise<Response>
}

async function entriesSince (mark: number): Promise<string[]> {
  const rows = await db.selectFrom('audit_log')
    .select(['action', 'entity', 'entity_key'])
    .where('id', '>', mark)
    .execute()
  return rows.map((e) => `${e.action} ${e.entity} ${e.entity_key}`).sort()
}

async function lastId (): Promise<number> {
  const row = await db.selectFrom('audit_log').select('id').orderBy('id', 'desc').executeTakeFirst()
  return row?.id ?? 0
}

t.test('PUT links a credential at a level; If-Match is the career\'s ETag', async (t) => {
  const url = '/v1/careers/medical-transcriptionist/credentials/RHIT'
  t.equal((await send('PUT', url, {}, { level: 'preferred' })).statusCode, 428)
  t.equal((await send('PUT', url, { 'if-match': '"stale"' }, { level: 'preferred' })).statusCode, 412)
  const { etag: credentialEtag } = { etag: String((await app.inject({ url: '/v1/credentials/rhit' })).headers.etag) }
  t.equal(
    (await send('PUT', url, { 'if-match': credentialEtag }, { level: 'preferred' })).statusCode,
    412,
    'the credential\'s ETag is not the one asked for',
  )
  const { etag } = await career('medical-transcriptionist')
  const mark = await lastId()
  const linked = await send('PUT', url, { 'if-match': etag }, { level: 'preferred', note: 'In hospitals.' })
  t.equal(linked.statusCode, 200, linked.body)
  const now = await career('medical-transcriptionist')
  t.equal(linked.headers.etag, now.etag, 'answers the career with its new ETag')
  t.same(linked.json(), now.body)
  t.match(now.body.credentials, [{ slug: 'rhit', level: 'preferred', note: 'In hospitals.' }])
  t.same(await entriesSince(mark), ['update career medical-transcriptionist', 'update credential rhit'])
  const credential = (await app.inject({ url: '/v1/credentials/rhit' })).json<CredentialBody>()
  t.ok(credential.careers.some((c) => c.career.slug === 'medical-transcriptionist' && c.level === 'preferred'))

  const again = await send('PUT', url, { 'if-match': now.etag }, { level: 'required' })
  t.equal(again.statusCode, 200)
  t.match(
    again.json<CareerBody>().credentials,
    [{ slug: 'rhit', level: 'required', note: null }],
    'a second PUT replaces level and note',
  )
  t.equal(
    (await send('PUT', url, { 'if-match': now.etag }, { level: 'optional' })).statusCode,
    412,
    'every write moves the version on',
  )
})

t.test('PUT link refuses bad levels, coerced types, unknown careers and credentials', async (t) => {
  const before = await auditCount(db)
  const { etag } = await career('medical-transcriptionist')
  const bad = await send(
    'PUT',
    '/v1/careers/medical-transcriptionist/credentials/rhit',
    { 'if-match': etag },
    { level: 'mandatory', extra: 1 },
  )
  t.equal(bad.statusCode, 400)
  const noteless = await send(
    'PUT',
    '/v1/careers/medical-transcriptionist/credentials/rhit',
    { 'if-match': etag },
    { level: 'required', note: 5 },
  )
  t.equal(noteless.statusCode, 400, 'a number is not a note')
  const unknownCredential = await send(
    'PUT',
    '/v1/careers/medical-transcriptionist/credentials/nope',
    { 'if-match': etag },
    { level: 'required' },
  )
  t.equal(unknownCredential.statusCode, 404)
  t.equal(
    (await send('PUT', '/v1/careers/nope/credentials/rhit', { 'if-match': etag }, { level: 'required' })).statusCode,
    404,
  )
  t.equal(await auditCount(db), before)
})

t.test('DELETE unlinks; a link that is not there is a 404', async (t) => {
  const url = '/v1/careers/medical-transcriptionist/credentials/rhit'
  t.equal((await send('DELETE', url, {})).statusCode, 428)
  const { etag } = await career('medical-transcriptionist')
  const removed = await send('DELETE', url, { 'if-match': etag })
  t.equal(removed.statusCode, 200)
  t.same(removed.json<CareerBody>().credentials, [])
  t.ok(
    await db.selectFrom('credential').select('id').where('slug', '=', 'rhit').executeTakeFirst(),
    'the credential stays',
  )
  const { etag: next } = await career('medical-transcriptionist')
  t.equal((await send('DELETE', url, { 'if-match': next })).statusCode, 404)
})

t.test('PUT relates careers; symmetric kinds count from either end', async (t) => {
  const url = '/v1/careers/medical-transcriptionist/related/database-administrator?kind=similar'
  t.equal((await send('PUT', url, {})).statusCode, 428)
  const { etag } = await career('medical-transcriptionist')
  const mark = await lastId()
  const related = await send('PUT', url, { 'if-match': etag })
  t.equal(related.statusCode, 200, related.body)
  t.ok(related.json<CareerBody>().related.some((r) =>
    r.kind === 'similar' && r.direction === 'outgoing' && r.career.slug === 'database-administrator'))
  t.same(await entriesSince(mark), ['update career database-administrator', 'update career medical-transcriptionist'])
  const other = await career('database-administrator')
  t.ok(other.body.related.some((r) =>
    r.kind === 'similar' && r.direction === 'incoming' && r.career.slug === 'medical-transcriptionist'))
  const reverse = await send(
    'PUT',
    '/v1/careers/database-administrator/related/medical-transcriptionist?kind=similar',
    { 'if-match': other.etag },
  )
  t.equal(reverse.statusCode, 200)
  t.equal(
    reverse.json<CareerBody>().related
      .filter((r) => r.kind === 'similar' && r.career.slug === 'medical-transcriptionist').length,
    1,
    'not recorded twice',
  )
  const self = await send(
    'PUT',
    '/v1/careers/database-administrator/related/database-administrator?kind=similar',
    { 'if-match': (await career('database-administrator')).etag },
  )
  t.match(self.json(), { status: 400, errors: [{ name: 'path.other' }] })
  const kindless = await send(
    'PUT',
    '/v1/careers/database-administrator/related/medical-transcriptionist',
    { 'if-match': other.etag },
  )
  t.equal(kindless.statusCode, 400, 'kind is required')
  const nobody = await send(
    'PUT',
    '/v1/careers/database-administrator/related/nobody?kind=similar',
    { 'if-match': other.etag },
  )
  t.equal(nobody.statusCode, 404)
})

t.test('DELETE removes a relation; directed kinds only from their origin', async (t) => {
  const { etag } = await career('health-information-manager')
  const wrongEnd = await send(
    'DELETE',
    '/v1/careers/health-information-manager/related/health-information-technician?kind=advancement',
    { 'if-match': etag },
  )
  t.equal(wrongEnd.statusCode, 404, 'the advancement is recorded from the technician')
  const similar = await career('database-administrator')
  const removed = await send(
    'DELETE',
    '/v1/careers/database-administrator/related/medical-transcriptionist?kind=similar',
    { 'if-match': similar.etag },
  )
  t.equal(removed.statusCode, 200, 'a symmetric relation is removed from either end')
  t.notOk(removed.json<CareerBody>().related.some((r) => r.kind === 'similar'))
  const tech = await career('health-information-technician')
  const advancement = await send(
    'DELETE',
    '/v1/careers/health-information-technician/related/health-information-manager?kind=advancement',
    { 'if-match': tech.etag },
  )
  t.equal(advancement.statusCode, 200)
  t.notOk((await career('health-information-manager')).body.related.some((r) => r.kind === 'advancement'))
})

t.test('two editors racing on one career ETag over its links: exactly one wins', async (t) => {
  const { etag } = await career('database-administrator')
  const [a, b] = await Promise.all([
    send('PUT', '/v1/careers/database-administrator/credentials/rhia', { 'if-match': etag }, { level: 'optional' }),
    send(
      'PUT',
      '/v1/careers/database-administrator/related/medical-transcriptionist?kind=alternative',
      { 'if-match': etag },
    ),
  ])
  t.same([a.statusCode, b.statusCode].sort(), [200, 412])
  const now = (await career('database-administrator')).body
  t.equal(
    now.credentials.length + now.related.filter((r) => r.career.slug === 'medical-transcriptionist').length,
    1,
    'only the winner\'s change is there',
  )
})

t.test('a link or relation write that fails at its last step leaves no rows and no audit entry', async (t) => {
  await refuseAuditFor(db, 'saboteur')
  const saboteur = bearer(await createKey(db, 'saboteur', 'read,write'))
  const before = await auditCount(db)
  const { etag, body } = await career('medical-records-administrator')
  const link = await send(
    'PUT',
    '/v1/careers/medical-records-administrator/credentials/rhit',
    { ...saboteur, 'if-match': etag },
    { level: 'optional' },
  )
  t.equal(link.statusCode, 500)
  const relation = await send(
    'PUT',
    '/v1/careers/medical-records-administrator/related/database-administrator?kind=similar',
    { ...saboteur, 'if-match': etag },
  )
  t.equal(relation.statusCode, 500)
  const unrelate = await send(
    'DELETE',
    '/v1/careers/medical-records-administrator/related/health-information-manager?kind=specialization',
    { ...saboteur, 'if-match': etag },
  )
  t.equal(unrelate.statusCode, 500)
  const after = await career('medical-records-administrator')
  t.equal(after.etag, etag, 'the career is unchanged, its version too')
  t.same(after.body, body)
  const links = await db.selectFrom('career_credential')
    .select('credential_id')
    .where('career_id', '=', body.id)
    .execute()
  t.same(links, [], 'no link row')
  t.equal(await auditCount(db), before, 'no audit entry')
})
