import t from 'tap'
import { sql } from 'kysely'
import { strongEtag } from '../../../src/http/etag.js'
import { setupApp } from '../../helpers/app.js'
import { bearer, createKey } from '../../helpers/keys.js'
import type { CareerBody } from '../../../src/resources/careers/queries.js'

const { app, database } = await setupApp(t)
const db = database.db
const editor = await createKey(db, 'editor', 'read,write')
const partner = await createKey(db, 'partner', 'read')
const auth = bearer(editor)

interface Response { statusCode: number, headers: Record<string, unknown>, body: string, json: <T = unknown>() => T }

/**
 * GETs a career and returns its ETag: the header once the read API sends one, else the same hash of the body.
 */
async function current (key: string): Promise<{ etag: string, body: CareerBody }> {
  const response = await app.inject({ url: `/v1/careers/${key}` })
  const etag = strongEtag(response.body)
  if (response.headers.etag !== undefined) t.equal(response.headers.etag, etag, 'GET ETag is the hash of its body')
  return { etag, body: response.json<CareerBody>() }
}

function patch (key: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return app.inject({
    method: 'PATCH',
    url: `/v1/careers/${key}`,
    headers: { ...auth, 'content-type': 'application/merge-patch+json', ...headers },
    payload: JSON.stringify(body),
  }) as Promise<Response>
}

async function auditCount (): Promise<number> {
  const row = await db.selectFrom('audit_log').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()
  return row.n
}

t.test('POST creates a career, with Location, ETag and an audit entry', async (t) => {
  const response = await app.inject({
    method: 'POST', url: '/v1/careers', headers: auth,
    payload: {
      slug: 'coding-specialist', title: 'Medical Coding Specialist', socCode: '29-9021',
      alternateTitles: ['Coder', 'coder', 'Medical Coder'], duties: ['Assign codes'],
      education: { typical: 'postsecondary-nondegree', fieldsOfStudy: ['Health information'] },
    },
  })
  t.equal(response.statusCode, 201, response.body)
  t.equal(response.headers.location, '/v1/careers/coding-specialist')
  const body = response.json<CareerBody>()
  t.match(body, {
    slug: 'coding-specialist',
    socCode: '29-9021',
    summary: null,
    education: {
      typical: { code: 'postsecondary-nondegree' },
      degreeRequired: 'Postsecondary nondegree award',
      degreeRequiredFrom: 'typical-education',
    },
    preparation: { jobZone: null, educationShares: [] },
  }, 'with no degree written, the typical entry education says it, and says so')
  t.same(body.alternateTitles, ['Coder', 'Medical Coder'], 'duplicates ignoring case are dropped')
  const { etag } = await current('coding-specialist')
  t.equal(response.headers.etag, etag, 'the ETag is that of the GET representation')
  const entry = await db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').executeTakeFirstOrThrow()
  t.match(entry, { actor: 'editor', action: 'create', entity: 'career', entity_key: 'coding-specialist', before: null })
  t.match(entry.after, { slug: 'coding-specialist' })
})

t.test('POST refuses invalid bodies, taken slugs, and callers without the write scope', async (t) => {
  const before = await auditCount()
  const bad = await app.inject({
    method: 'POST',
    url: '/v1/careers',
    headers: auth,
    payload: { slug: 'Bad Slug', title: '', colour: 'red' },
  })
  t.equal(bad.statusCode, 400)
  const names = bad.json<{ errors: Array<{ name: string }> }>().errors.map((e) => e.name)
  t.ok(names.includes('body.slug') && names.includes('body.title') && names.includes('body.colour'), names.join())
  const taken = await app.inject({
    method: 'POST',
    url: '/v1/careers',
    headers: auth,
    payload: { slug: 'database-administrator', title: 'x' },
  })
  t.equal(taken.statusCode, 409)
  t.equal(
    (await app.inject({ method: 'POST', url: '/v1/careers', payload: { slug: 'a', title: 'a' } })).statusCode,
    401,
  )
  const unwritable = await app.inject({
    method: 'POST',
    url: '/v1/careers',
    headers: bearer(partner),
    payload: { slug: 'a', title: 'a' },
  })
  t.equal(unwritable.statusCode, 403)
  t.equal(await auditCount(), before, 'no refused write is audited')
})

t.test('an editorial career may name the SOC code another career names: the occupation it sits within',
  async (t) => {
    const created = await app.inject({
      method: 'POST',
      url: '/v1/careers',
      headers: auth,
      payload: { slug: 'coding-auditor', title: 'Coding Auditor', socCode: '29-2072' },
    })
    t.equal(created.statusCode, 201, created.body)
    t.match(created.json(), { socCode: '29-2072', kind: 'editorial', occupation: null })
    const byCode = (await app.inject({ url: '/v1/careers/29-2072' })).json<CareerBody>()
    t.equal(byCode.slug, 'health-information-technician', 'the code still leads to the oldest career naming it')
    const { etag } = await current('coding-auditor')
    const deleted = await app.inject({
      method: 'DELETE', url: '/v1/careers/coding-auditor', headers: { ...auth, 'if-match': etag },
    })
    t.equal(deleted.statusCode, 204)
  })

t.test('PATCH needs If-Match: 428 without, 412 when stale', async (t) => {
  const missing = await patch('database-administrator', { summary: 'x' })
  t.equal(missing.statusCode, 428)
  t.match(missing.json(), { status: 428, title: 'Precondition Required' })
  t.equal((await patch('database-administrator', { summary: 'x' }, { 'if-match': '*' })).statusCode, 428)
  const stale = await patch('database-administrator', { summary: 'x' }, { 'if-match': '"not-the-etag"' })
  t.equal(stale.statusCode, 412)
  t.match(stale.headers['content-type'], /^application\/problem\+json/)
  const { etag } = await current('database-administrator')
  t.equal(
    (await patch('database-administrator', { summary: 'x' }, { 'if-match': `W/${etag}` })).statusCode,
    412,
    'weak tags never match',
  )
})

t.test('PATCH merges: sent fields replace, null clears, others stay', async (t) => {
  const { etag, body: before } = await current('health-information-technician')
  const response = await patch('health-information-technician', {
    summary: 'Corrected summary.',
    licensure: null,
    education: { degreeRequired: "Associate's degree" },
    duties: ['One duty'],
  }, { 'if-match': etag })
  t.equal(response.statusCode, 200, response.body)
  const body = response.json<CareerBody>()
  t.equal(body.summary, 'Corrected summary.')
  t.equal(body.licensure, null)
  t.same(body.duties, ['One duty'])
  t.equal(body.education.degreeRequired, "Associate's degree")
  t.same(body.education.typical, before.education.typical, 'a nested field left out stays')
  t.same(body.alternateTitles, before.alternateTitles)
  t.equal(body.title, before.title)
  const { etag: next } = await current('health-information-technician')
  t.equal(response.headers.etag, next)
  t.not(next, etag)
  const entry = await db.selectFrom('audit_log')
    .selectAll()
    .where('entity_key', '=', 'health-information-technician')
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow()
  t.match(entry, {
    actor: 'editor',
    action: 'update',
    before: { summary: before.summary },
    after: { summary: 'Corrected summary.' },
  })
  t.equal(
    (await patch('health-information-technician', { summary: 'again' }, { 'if-match': etag })).statusCode,
    412,
    'the old ETag is stale now',
  )
})

t.test('PATCH accepts application/json, rejects other media types and empty patches', async (t) => {
  const { etag } = await current('medical-transcriptionist')
  const json = await patch(
    'medical-transcriptionist',
    { advancement: 'Become an editor.' },
    { 'if-match': etag, 'content-type': 'application/json' },
  )
  t.equal(json.statusCode, 200)
  const csv = await app.inject({
    method: 'PATCH',
    url: '/v1/careers/medical-transcriptionist',
    headers: { ...auth, 'content-type': 'text/csv', 'if-match': etag },
    payload: 'a,b',
  })
  t.equal(csv.statusCode, 415)
  const { etag: now } = await current('medical-transcriptionist')
  t.equal((await patch('medical-transcriptionist', {}, { 'if-match': now })).statusCode, 400)
  t.equal(
    (await patch('medical-transcriptionist', { slug: null }, { 'if-match': now })).statusCode,
    400,
    'required fields cannot be cleared',
  )
  t.equal((await patch('no-such-career', { summary: 'x' }, { 'if-match': now })).statusCode, 404)
})

t.test('renaming a career records the change of the careers and credentials that name it', async (t) => {
  const { etag, body: manager } = await current('health-information-manager')
  const mark = await db.selectFrom('audit_log')
    .select(sql<number>`coalesce(max(id), 0)::int`.as('id'))
    .executeTakeFirstOrThrow()
  const response = await patch(
    'health-information-manager',
    { title: 'Health Information Management Director' },
    { 'if-match': etag },
  )
  t.equal(response.statusCode, 200)
  const entries = await db.selectFrom('audit_log')
    .select(['entity', 'entity_key', 'action'])
    .where('id', '>', mark.id)
    .execute()
  const expected = [
    'career health-information-manager',
    ...manager.related.map((r) => `career ${r.career.slug}`),
    ...manager.credentials.map((c) => `credential ${c.slug}`),
  ].sort()
  t.ok(manager.related.length >= 2 && manager.credentials.length >= 1)
  t.same(entries.map((e) => `${e.entity} ${e.entity_key}`).sort(), expected)
  t.ok(entries.every((e) => e.action === 'update'))
  const { body } = await current('health-information-technician')
  t.ok(body.related.some((r) => r.career.title === 'Health Information Management Director'))
})

async function found (q: string): Promise<string[]> {
  const response = await app.inject({ url: `/v1/careers?q=${encodeURIComponent(q)}` })
  t.equal(response.statusCode, 200, q)
  return response.json<{ data: Array<{ slug: string }> }>().data.map((career) => career.slug)
}

t.test('search sees written titles and alternate titles at once, and forgets removed ones', async (t) => {
  t.same(await found('zymurgist'), [], 'no career has the word yet')
  let { etag } = await current('coding-specialist')
  let response = await patch(
    'coding-specialist',
    { title: 'Zymurgist Coding Specialist', alternateTitles: ['Quillwright'] },
    { 'if-match': etag },
  )
  t.equal(response.statusCode, 200, response.body)
  t.same(await found('zymurgist'), ['coding-specialist'], 'the new title')
  t.same(await found('quillwright'), ['coding-specialist'], 'the new alternate title')
  t.same(await found('coder'), [], 'the replaced alternate titles')

  ;({ etag } = await current('coding-specialist'))
  response = await patch(
    'coding-specialist',
    { title: 'Medical Coding Specialist', alternateTitles: ['Coder'] },
    { 'if-match': etag },
  )
  t.equal(response.statusCode, 200, response.body)
  t.same(await found('zymurgist'), [], 'the old title')
  t.same(await found('quillwright'), [], 'the removed alternate title')
  t.same(await found('coder'), ['coding-specialist'])
})

t.test('a misspelt word is read as its nearest title word, even one found only in an alternate title', async (t) => {
  t.same(await found('quilwright'), [], 'no title word is near yet')
  const { etag } = await current('medical-transcriptionist')
  const response = await patch('medical-transcriptionist', { alternateTitles: ['Quillwright'] }, { 'if-match': etag })
  t.equal(response.statusCode, 200, response.body)
  t.same(await found('quilwright'), ['medical-transcriptionist'])
  t.same(await found('quilwright transcription'), ['medical-transcriptionist'], 'next to a correctly spelt word')
  t.same(await found('quilwright database'), [], 'every word is still required')
})

t.test('two editors racing on one ETag: exactly one wins, the other is told', async (t) => {
  const { etag } = await current('database-administrator')
  const [a, b] = await Promise.all([
    patch('database-administrator', { summary: 'Version A' }, { 'if-match': etag }),
    patch('database-administrator', { summary: 'Version B' }, { 'if-match': etag }),
  ])
  t.same([a.statusCode, b.statusCode].sort(), [200, 412])
  const winner = a.statusCode === 200 ? 'Version A' : 'Version B'
  t.equal((await current('database-administrator')).body.summary, winner, 'the loser changed nothing')
})

t.test('DELETE: If-Match required, 409 when referenced, cascade removes links', async (t) => {
  t.equal(
    (await app.inject({ method: 'DELETE', url: '/v1/careers/medical-transcriptionist', headers: auth })).statusCode,
    428,
  )
  const { etag } = await current('medical-transcriptionist')
  const refused = await app.inject({
    method: 'DELETE',
    url: '/v1/careers/medical-transcriptionist',
    headers: { ...auth, 'if-match': etag },
  })
  t.equal(refused.statusCode, 409)
  t.match(refused.json(), { detail: /cascade=true/ })
  const deleted = await app.inject({
    method: 'DELETE',
    url: '/v1/careers/medical-transcriptionist?cascade=true',
    headers: { ...auth, 'if-match': etag },
  })
  t.equal(deleted.statusCode, 204)
  t.equal((await app.inject({ url: '/v1/careers/medical-transcriptionist' })).statusCode, 404)
  const { body } = await current('health-information-technician')
  t.notOk(body.related.some((r) => r.career.slug === 'medical-transcriptionist'), 'the relation went with it')
  const entry = await db.selectFrom('audit_log')
    .selectAll()
    .where('entity_key', '=', 'medical-transcriptionist')
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow()
  t.match(entry, { action: 'delete', after: null, before: { slug: 'medical-transcriptionist' } })
})

t.test('an unreferenced career is deleted without cascade', async (t) => {
  const { etag } = await current('coding-specialist')
  const response = await app.inject({
    method: 'DELETE',
    url: '/v1/careers/coding-specialist',
    headers: { ...auth, 'if-match': etag },
  })
  t.equal(response.statusCode, 204)
})

t.test('a write that fails at its last step leaves no rows and no audit entry', async (t) => {
  // The audit insert is the last statement of a write; make it fail for one key.
  await sql`create function refuse_saboteur() returns trigger language plpgsql as $$
    begin if new.actor = 'saboteur' then raise exception 'audit refused'; end if; return new; end $$`.execute(db)
  await sql`create trigger refuse_saboteur before insert on audit_log for each row execute function refuse_saboteur()`
    .execute(db)
  const saboteur = await createKey(db, 'saboteur', 'read,write')
  const before = await auditCount()
  const created = await app.inject({
    method: 'POST',
    url: '/v1/careers',
    headers: bearer(saboteur),
    payload: { slug: 'half-made', title: 'Half Made', alternateTitles: ['Partial'] },
  })
  t.equal(created.statusCode, 500)
  t.notMatch(created.body, /audit refused|refuse_saboteur/)
  t.equal(
    await db.selectFrom('career').select('id').where('slug', '=', 'half-made').executeTakeFirst(),
    undefined,
    'no career row',
  )
  t.equal(
    await db.selectFrom('career_alternate_title').select('id').where('title', '=', 'Partial').executeTakeFirst(),
    undefined,
    'no alternate title row',
  )

  const { etag, body } = await current('database-administrator')
  const patched = await patch(
    'database-administrator',
    { summary: 'Sabotaged', alternateTitles: ['DBA'] },
    { ...bearer(saboteur), 'if-match': etag },
  )
  t.equal(patched.statusCode, 500)
  const after = await current('database-administrator')
  t.equal(after.etag, etag, 'the career is unchanged')
  t.same(after.body.alternateTitles, body.alternateTitles)
  t.equal(await auditCount(), before, 'no audit entry')
})
