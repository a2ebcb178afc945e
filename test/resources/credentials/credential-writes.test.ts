import t from 'tap'
import { sql, type Selectable } from 'kysely'
import type { Static } from '@sinclair/typebox'
import type { AuditLogTable } from '../../../src/db/schema.js'
import type { ChangeList } from '../../../src/resources/changes/schemas.js'
import type { CredentialBody } from '../../../src/resources/credentials/queries.js'
import type { CareerCredentialList } from '../../../src/resources/credentials/schemas.js'
import { setupApp } from '../../helpers/app.js'
import { bearer, createKey } from '../../helpers/keys.js'
import { auditCount, refuseAuditFor } from '../../helpers/sabotage.js'

const { app, database } = await setupApp(t)
const db = database.db
const auth = bearer(await createKey(db, 'credential-editor', 'read,write'))

interface Response { statusCode: number, headers: Record<string, unknown>, body: string, json: <T = unknown>() => T }

async function current (key: string): Promise<{ etag: string, body: CredentialBody }> {
  const response = await app.inject({ url: `/v1/credentials/${key}` })
  t.equal(response.statusCode, 200, `GET ${key}`)
  return { etag: String(response.headers.etag), body: response.json<CredentialBody>() }
}

function patch (key: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return app.inject({
    method: 'PATCH',
    url: `/v1/credentials/${key}`,
    headers: { ...auth, 'content-type': 'application/merge-patch+json', ...headers },
    payload: JSON.stringify(body),
  }) as Promise<Response>
}

function remove (key: string, headers: Record<string, string> = {}): Promise<Response> {
  return app.inject({
    method: 'DELETE',
    url: `/v1/credentials/${key}`,
    headers: { ...auth, ...headers },
  }) as Promise<Response>
}

async function lastAudit (): Promise<Selectable<AuditLogTable>> {
  return db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').executeTakeFirstOrThrow()
}

t.test('POST creates a credential, with Location, ETag and an audit entry', async (t) => {
  const response = await app.inject({
    method: 'POST', url: '/v1/credentials', headers: auth,
    payload: {
      slug: 'ccs',
      abbreviation: 'CCS',
      name: 'Certified Coding Specialist',
      kind: 'certification',
      issuer: 'AHIMA',
      source: 'ahima-certification',
      renewal: '20 CEUs',
    },
  })
  t.equal(response.statusCode, 201, response.body)
  t.equal(response.headers.location, '/v1/credentials/ccs')
  t.match(response.json(), {
    slug: 'ccs',
    abbreviation: 'CCS',
    issuer: { slug: 'ahima' },
    source: { slug: 'ahima-certification' },
    requirements: null,
    careers: [],
  })
  const { etag, body } = await current('CCS')
  t.equal(response.headers.etag, etag, 'the ETag is that of the GET representation')
  t.same(response.json(), body)
  t.match(await lastAudit(), {
    actor: 'credential-editor',
    action: 'create',
    entity: 'credential',
    entity_key: 'ccs',
    before: null,
    after: { name: 'Certified Coding Specialist' },
  })
})

t.test('POST refuses bad bodies, unknown issuers and sources, missing grantors, ' +
  'taken slugs and abbreviations', async (t) => {
  const before = await auditCount(db)
  const post = (payload: object) => app.inject({ method: 'POST', url: '/v1/credentials', headers: auth, payload })
  const bad = await post({ slug: 'X y', name: '', kind: 'diploma', colour: 'red' })
  t.equal(bad.statusCode, 400)
  const names = bad.json<{ errors: Array<{ name: string }> }>().errors.map((e) => e.name)
  for (const name of ['body.slug', 'body.name', 'body.kind', 'body.colour']) {
    t.ok(names.includes(name), `${name} in ${names.join()}`)
  }
  t.match(
    (await post({ slug: 'a-b', name: 'A', kind: 'license', issuer: 'nobody' })).json(),
    { status: 400, errors: [{ name: 'body.issuer' }] },
  )
  t.match(
    (await post({ slug: 'a-b', name: 'A', kind: 'license', jurisdiction: 'Ohio', source: 'nowhere' })).json(),
    { status: 400, errors: [{ name: 'body.source' }] },
  )
  t.match(
    (await post({ slug: 'a-b', name: 'A', kind: 'license' })).json(),
    { status: 400, errors: [{ name: 'body.issuer', reason: /issuer or a jurisdiction/ }] },
  )
  t.equal(
    (await post({ slug: 'rhit', name: 'Again', kind: 'certification', issuer: 'ahima' })).statusCode,
    409,
    'slug taken',
  )
  t.equal(
    (await post({ slug: 'rhit-two', abbreviation: 'rhit', name: 'Again', kind: 'certification', issuer: 'ahima' }))
      .statusCode,
    409,
    'abbreviation taken, ignoring case',
  )
  const anonymous = await app.inject({
    method: 'POST',
    url: '/v1/credentials',
    payload: { slug: 'a', name: 'a', kind: 'license', jurisdiction: 'x' },
  })
  t.equal(anonymous.statusCode, 401)
  t.equal(await db.selectFrom('credential').select('id').where('slug', '=', 'a-b').executeTakeFirst(), undefined)
  t.equal(await auditCount(db), before, 'no refused write is audited')
})

t.test('PATCH needs If-Match: 428 without, 412 when stale, and merges', async (t) => {
  t.equal((await patch('rhit', { renewal: 'x' })).statusCode, 428)
  t.equal((await patch('rhit', { renewal: 'x' }, { 'if-match': '*' })).statusCode, 428)
  t.equal((await patch('rhit', { renewal: 'x' }, { 'if-match': '"stale"' })).statusCode, 412)
  const { etag, body: before } = await current('rhit')
  const career = (await app.inject({ url: '/v1/careers/health-information-technician' })).json()
  const response = await patch(
    'RHIT',
    { renewal: '25 continuing education units every two years.', requirements: null },
    { 'if-match': etag },
  )
  t.equal(response.statusCode, 200, response.body)
  const after = await current('rhit')
  t.equal(response.headers.etag, after.etag)
  t.equal(after.body.renewal, '25 continuing education units every two years.')
  t.equal(after.body.requirements, null)
  t.equal(after.body.name, before.name, 'fields left out stay')
  t.not(after.body.updatedAt, before.updatedAt)
  t.equal(
    (await patch('rhit', { renewal: 'again' }, { 'if-match': etag })).statusCode,
    412,
    'the old ETag is stale now',
  )
  // The career that links to it shows the credential, so its profile changed too.
  const entries = await db.selectFrom('audit_log')
    .select(['entity', 'entity_key', 'action', 'before', 'after'])
    .orderBy('id', 'desc')
    .limit(2)
    .execute()
  t.same(
    entries.map((e) => `${e.entity} ${e.entity_key}`).sort(),
    ['career health-information-technician', 'credential rhit'],
  )
  const careerEntry = entries.find((e) => e.entity === 'career')
  t.same(careerEntry?.before, career, 'before is the career as GET showed it')
  t.match(
    careerEntry?.after,
    { credentials: [{ slug: 'rhit', renewal: '25 continuing education units every two years.' }] },
  )
})

t.test('PATCH keeps a grantor: clearing the issuer of a certification without a jurisdiction is a 400', async (t) => {
  const { etag } = await current('rhia')
  t.match(
    (await patch('rhia', { issuer: null }, { 'if-match': etag })).json(),
    { status: 400, errors: [{ name: 'body.issuer' }] },
  )
  const moved = await patch('rhia', { issuer: null, jurisdiction: 'Every state' }, { 'if-match': etag })
  t.equal(moved.statusCode, 200, moved.body)
  t.match(moved.json(), { issuer: null, jurisdiction: 'Every state' })
  t.equal((await patch('no-such-credential', { name: 'x' }, { 'if-match': etag })).statusCode, 404)
})

t.test('DELETE: If-Match required, 409 while careers link to it, cascade removes the links', async (t) => {
  t.equal((await remove('rhia')).statusCode, 428)
  const { etag } = await current('rhia')
  t.equal((await remove('rhia', { 'if-match': '"old"' })).statusCode, 412)
  const refused = await remove('rhia', { 'if-match': etag })
  t.equal(refused.statusCode, 409)
  t.match(refused.json(), { type: '/problems/conflict', detail: /cascade=true/ })
  t.ok(await db.selectFrom('credential').select('id').where('slug', '=', 'rhia').executeTakeFirst(), 'still there')
  const deleted = await app.inject({
    method: 'DELETE',
    url: '/v1/credentials/rhia?cascade=true',
    headers: { ...auth, 'if-match': etag },
  })
  t.equal(deleted.statusCode, 204)
  t.equal((await app.inject({ url: '/v1/credentials/rhia' })).statusCode, 404)
  const manager = (await app.inject({ url: '/v1/careers/health-information-manager/credentials' }))
    .json<Static<typeof CareerCredentialList>>()
  t.notOk(manager.data.some((c) => c.slug === 'rhia'), 'the link went with it')
  const entries = await db.selectFrom('audit_log')
    .select(['entity', 'entity_key', 'action', 'after'])
    .orderBy('id', 'desc')
    .limit(2)
    .execute()
  t.same(
    entries.map((e) => `${e.action} ${e.entity} ${e.entity_key}`).sort(),
    ['delete credential rhia', 'update career health-information-manager'],
  )
  const { etag: ccs } = await current('ccs')
  t.equal((await remove('ccs', { 'if-match': ccs })).statusCode, 204, 'an unlinked credential needs no cascade')
})

t.test('the change feed shows credential writes', async (t) => {
  const feed = (await app.inject({ url: '/v1/changes?limit=500' })).json<Static<typeof ChangeList>>()
  t.ok(feed.data.some((c) => c.entity === 'credential' && c.action === 'create' && c.href === '/v1/credentials/ccs'))
  t.ok(feed.data.some((c) =>
    c.entity === 'credential' && c.action === 'delete' && c.key === 'rhia' && c.data === null))
})

t.test('two editors racing on one credential ETag: exactly one wins', async (t) => {
  const { etag } = await current('nursing-home-administrator-license')
  const [a, b] = await Promise.all([
    patch('nursing-home-administrator-license', { renewal: 'A' }, { 'if-match': etag }),
    patch('nursing-home-administrator-license', { renewal: 'B' }, { 'if-match': etag }),
  ])
  t.same([a.statusCode, b.statusCode].sort(), [200, 412])
  t.equal((await current('nursing-home-administrator-license')).body.renewal, a.statusCode === 200 ? 'A' : 'B')
})

t.test('a credential write that fails at its last step leaves no rows and no audit entry', async (t) => {
  await refuseAuditFor(db, 'saboteur')
  const saboteur = bearer(await createKey(db, 'saboteur', 'read,write'))
  const before = await auditCount(db)
  const created = await app.inject({
    method: 'POST',
    url: '/v1/credentials',
    headers: saboteur,
    payload: { slug: 'half-made', name: 'Half Made', kind: 'license', jurisdiction: 'Ohio' },
  })
  t.equal(created.statusCode, 500)
  t.notMatch(created.body, /audit refused|refuse_audit/)
  t.equal(
    await db.selectFrom('credential').select('id').where('slug', '=', 'half-made').executeTakeFirst(),
    undefined,
    'no credential row',
  )

  const { etag, body } = await current('rhit')
  const changed = await patch('rhit', { name: 'Sabotaged' }, { ...saboteur, 'if-match': etag })
  t.equal(changed.statusCode, 500)
  t.same((await current('rhit')).body, body, 'unchanged')
  const deleted = await app.inject({
    method: 'DELETE',
    url: '/v1/credentials/rhit?cascade=true',
    headers: { ...saboteur, 'if-match': etag },
  })
  t.equal(deleted.statusCode, 500)
  const links = await db.selectFrom('career_credential as cc')
    .innerJoin('credential as c', 'c.id', 'cc.credential_id')
    .select('cc.career_id')
    .where('c.slug', '=', 'rhit')
    .execute()
  t.equal(links.length, 1, 'the credential and its link are still there')
  t.equal(await auditCount(db), before, 'no audit entry')
  const total = await db.selectFrom('credential').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()
  t.equal(total.n, 2, 'rhit and the nursing home license remain')
})
