// Checks shared by the endpoint tests: conditional GETs, problem answers and pagination.
import type { FastifyInstance } from 'fastify'

/** The few assertions these helpers make; every tap test object has them. */
export interface Asserts {
  equal: (found: unknown, wanted: unknown, message: string) => boolean
  match: (found: unknown, pattern: unknown, message: string) => boolean
  ok: (found: unknown, message: string) => boolean
}

/** A 200 with a strong ETag and Cache-Control, and a 304 without a body when it is sent back. */
export async function assertConditionalGet (t: Asserts, app: FastifyInstance, url: string): Promise<void> {
  const first = await app.inject({ url })
  t.equal(first.statusCode, 200, `GET ${url}`)
  const etag = first.headers.etag
  t.match(etag, /^"[\w-]+"$/, `${url}: a strong ETag`)
  t.equal(first.headers['cache-control'], 'public, max-age=300', `${url}: Cache-Control`)
  const again = await app.inject({ url, headers: { 'if-none-match': String(etag) } })
  t.equal(again.statusCode, 304, `${url}: 304 for its own ETag`)
  t.equal(again.body, '', `${url}: 304 has no body`)
  t.equal(again.headers.etag, etag, `${url}: 304 repeats the ETag`)
}

/** A problem+json answer with this status whose `errors` name the parameter. */
export async function assertBadParameter (t: Asserts, app: FastifyInstance, url: string, name: string): Promise<void> {
  const response = await app.inject({ url })
  t.equal(response.statusCode, 400, url)
  t.match(response.headers['content-type'], /^application\/problem\+json/, `${url}: problem+json`)
  const body = response.json<{ status: number, errors?: Array<{ name: string }> }>()
  t.ok((body.errors ?? []).some((e) => e.name === name), `${url} names ${name}: ${JSON.stringify(body.errors)}`)
}

/** A 404 problem whose detail names the key. */
export async function assertNotFound (t: Asserts, app: FastifyInstance, url: string, key: string): Promise<void> {
  const response = await app.inject({ url })
  t.equal(response.statusCode, 404, url)
  t.match(response.headers['content-type'], /^application\/problem\+json/, `${url}: problem+json`)
  const named = new RegExp(key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
  t.match(response.json(), { status: 404, type: '/problems/not-found', detail: named }, `${url}: names ${key}`)
}

/**
 * Pages through `url` (which must carry a small limit) and checks the pages join, without gaps
 * or repeats, to the whole list of `whole` items, asked for at once.
 */
export async function assertPagesJoin (
  t: Asserts & { same: Asserts['equal'] }, app: FastifyInstance, url: string, whole: number,
): Promise<void> {
  const { items, pages } = await allPages<unknown>(t, app, url)
  const wholeUrl = url.replace(/limit=\d+/, 'limit=100')
  const response = await app.inject({ url: wholeUrl })
  t.equal(response.statusCode, 200, wholeUrl)
  const everything = response.json<{ data: unknown[] }>().data
  t.equal(everything.length, whole, url)
  t.same(items, everything, `${url}: pages join to the whole list`)
  t.equal(pages, Math.ceil(whole / Number(/limit=(\d+)/.exec(url)?.[1])), `${url}: pages of ${whole}`)
}

/** Follows nextCursor from `url` (which must carry a small limit) and returns every page's items. */
export async function allPages<T> (
  t: Asserts, app: FastifyInstance, url: string,
): Promise<{ items: T[], pages: number }> {
  const items: T[] = []
  let cursor: string | null = null
  let pages = 0
  do {
    const separator = url.includes('?') ? '&' : '?'
    const pageUrl: string = cursor === null ? url : `${url}${separator}cursor=${encodeURIComponent(cursor)}`
    const response = await app.inject({ url: pageUrl })
    t.equal(response.statusCode, 200, `page ${pages + 1} of ${url}`)
    const body: { data: T[], nextCursor: string | null } = response.json()
    items.push(...body.data)
    cursor = body.nextCursor
    pages++
  } while (cursor !== null && pages < 50)
  return { items, pages }
}
