// The problem catalogue (src/errors.ts): each entry's code is unique and its status fits its
// kind; the README's table is the catalogue's; real requests answer with the catalogue's
// wording; and an input error's field is named by the part of the request that carried it.
import { readFile } from 'node:fs/promises'
import type { FastifyRequest } from 'fastify'
import t from 'tap'
import { ApiError, catalogue, errors, statusesOfKind } from '../src/errors.js'
import { problemOf } from '../src/http/problem.js'
import { problemFor } from '../src/plugins/errors.js'
import { setupApp } from './helpers/app.js'

t.test('every entry has its own stable code, and a status its kind allows', async (t) => {
  const codes = catalogue.map((entry) => entry.code)
  t.same([...new Set(codes)], codes, 'no code twice')
  for (const entry of catalogue) {
    t.match(entry.code, /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/, `${entry.name}: code ${entry.code}`)
    if (entry.kind !== null) {
      t.ok(entry.status !== null && statusesOfKind(entry.kind).includes(entry.status),
        `${entry.name}: ${entry.kind} answers ${entry.status}`)
    }
    if (entry.status === null) t.equal(entry.kind, null, `${entry.name}: a framework status is about:blank`)
  }
})

t.test('what a factory makes carries its entry\'s code, status and kind', async (t) => {
  const made: Array<[keyof typeof errors, ApiError]> = [
    ['careerNotFound', errors.careerNotFound('nope')],
    ['unknownIssuer', errors.unknownIssuer('issuer', 'XYZ')],
    ['careerReferenced', errors.careerReferenced('a', 1, 2)],
    ['ifMatchRequired', errors.ifMatchRequired('the career')],
    ['methodNotAllowed', errors.methodNotAllowed('PUT', ['GET', 'HEAD'])],
  ]
  for (const [name, error] of made) {
    const entry = errors[name]
    t.ok(error instanceof ApiError, name)
    t.same({ code: error.code, status: error.status, kind: error.kind ?? null },
      { code: entry.code, status: entry.status, kind: entry.kind }, name)
  }
  t.equal(errors.careerNotFound('a', 'b').detail, 'No career has the keys a, b.')
  t.equal(errors.unknownIssuer('issuer', 'XYZ').field, 'issuer')
  t.equal(errors.unknownIssuer('issuer', 'XYZ').detail, 'issuer: no issuing body has the slug or abbreviation XYZ')
  t.equal(errors.requestRefused(413, 'Request body is too large').status, 413)
  t.same(problemOf(errors.methodNotAllowed('PUT', ['GET'])),
    { type: 'about:blank', title: 'Method Not Allowed', status: 405, detail: 'PUT is not allowed here; use GET.' })
})

// The README's table, row for row as the catalogue declares it.
function catalogueTable (): string {
  const rows = catalogue.map((entry) => {
    const type = entry.kind === null ? 'about:blank' : `\`${entry.kind}\``
    return `| \`${entry.code}\` | ${entry.status ?? 'Fastify\'s 4xx'} | ${type} | \`errors.${entry.name}\` |`
  })
  return ['| code | status | type | thrown as |', '|---|---|---|---|', ...rows].join('\n')
}

t.test('the README lists the catalogue', async (t) => {
  const readme = await readFile(new URL('../README.md', import.meta.url), 'utf8')
  const start = '<!-- problem catalogue: generated from src/errors.ts -->'
  const end = '<!-- end of problem catalogue -->'
  const section = readme.slice(readme.indexOf(start) + start.length, readme.indexOf(end)).trim()
  t.ok(readme.includes(start) && readme.includes(end), 'the README marks the table')
  t.equal(section, catalogueTable(), 'the README\'s table is the catalogue (paste the expected text to update it)')
})

t.test('an input error is named by the part of the request holding its field', async (t) => {
  const request = (parts: { body?: unknown, query?: unknown, params?: unknown }): FastifyRequest =>
    ({ body: undefined, query: {}, params: {}, ...parts }) as unknown as FastifyRequest
  const nameOf = (error: ApiError, from?: FastifyRequest): string | undefined =>
    problemFor(error, from).errors?.[0]?.name

  const issuer = errors.unknownIssuer('issuer', 'XYZ')
  t.equal(nameOf(issuer, request({ body: { issuer: 'XYZ' } })), 'body.issuer')
  t.equal(nameOf(issuer, request({ query: { issuer: 'XYZ' } })), 'query.issuer')
  t.equal(problemFor(issuer, request({ query: { issuer: 'XYZ' } })).detail,
    'query.issuer: no issuing body has the slug or abbreviation XYZ')
  t.equal(nameOf(errors.selfRelation('other'), request({ params: { key: 'a', other: 'a' } })), 'path.other')
  t.equal(nameOf(errors.unknownArea('data.3.area', 'ZZ'), request({ body: { data: [] } })), 'body.data.3.area')
  // A field the input left out: the body's when there is one, else the query string's.
  t.equal(nameOf(errors.grantorMissing('issuer'), request({ body: { jurisdiction: null } })), 'body.issuer')
  t.equal(nameOf(errors.unknownArea('area', 'ZZ'), request({})), 'query.area')
  // A part the error names itself wins; without a request, only that part is added.
  t.equal(nameOf(errors.nulCharacter('key', 'path'), request({ query: { key: 'x' } })), 'path.key')
  t.equal(nameOf(errors.preflightIncomplete(['origin'])), 'header.origin')
  t.equal(nameOf(issuer), 'issuer')
})

t.test('requests answer with the catalogue\'s wording and names', async (t) => {
  const { app } = await setupApp(t)
  const get = async (url: string) => {
    const response = await app.inject({ url })
    return { status: response.statusCode, body: response.json<{ type: string, detail: string, errors?: unknown }>() }
  }

  const career = await get('/v1/careers/nope')
  t.equal(career.status, 404)
  t.same(career.body, problemOf(errors.careerNotFound('nope')))
  t.equal(career.body.detail, 'No career has the key nope.')

  const compared = await get('/v1/compare?careers=nope-a,nope-b')
  t.equal(compared.status, 404)
  t.equal(compared.body.detail, errors.careerNotFound('nope-a', 'nope-b').detail)

  const issuer = await get('/v1/credentials?issuer=nobody')
  t.equal(issuer.status, 400)
  t.same(issuer.body.errors,
    [{ name: 'query.issuer', reason: 'no issuing body has the slug or abbreviation nobody' }])

  const cursor = await get('/v1/careers?cursor=bm9wZQ')
  t.equal(cursor.status, 400)
  t.match(cursor.body, { detail: /^query\.cursor: cursor /, errors: [{ name: 'query.cursor' }] })

  const since = await get('/v1/changes?since=bm9wZQ')
  t.match(since.body, { type: '/problems/validation', errors: [{ name: 'query.since' }] })

  const cip = await get('/v1/fields-of-study/99.9998')
  t.same(cip.body, problemOf(errors.fieldOfStudyNotFound('99.9998')))
})
