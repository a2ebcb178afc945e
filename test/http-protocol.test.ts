// Requests refused below the routes, over a real socket: what Node's HTTP parser will not
// read, what arrives too slowly, and requests that reach a server that is shutting down.
// Every refusal is a problem+json answer; the timeouts are the ones the README documents.
import { setTimeout as sleep } from 'node:timers/promises'
import { readFile } from 'node:fs/promises'
import type { AddressInfo } from 'node:net'
import t from 'tap'
import { setupApp } from './helpers/app.js'
import type { Asserts } from './helpers/http.js'
import { rawExchange, type RawAnswer } from './helpers/raw-http.js'

const { app } = await setupApp(t, { rateLimitMax: 1_000_000 })
let releaseHeld!: () => void
const held = new Promise<void>((resolve) => { releaseHeld = resolve })
app.get('/test/held', async () => {
  await held
  return { status: 'done' }
})
await app.listen({ host: '127.0.0.1', port: 0 })
const { port } = app.server.address() as AddressInfo

interface Problem { status: number, title: string, detail: string }

function assertProblem (t: Asserts, answer: RawAnswer, status: number, what: string): void {
  t.equal(answer.status, status, `${what}: ${status}`)
  t.match(answer.headers['content-type'], /^application\/problem\+json/, `${what}: problem+json`)
  const body = JSON.parse(answer.body) as Problem
  t.equal(body.status, status, `${what}: the body says ${status}`)
  t.ok(body.detail.length > 0, `${what}: with a detail`)
}

t.test('what Node\'s parser refuses leaves as a problem, and the connection closes', async (t) => {
  const cases: Array<[string, Array<string | Buffer>, number]> = [
    ['raw 0xFF bytes', [Buffer.from([0xFF, 0xFE, 0xFD, 0x0D, 0x0A, 0x0D, 0x0A])], 400],
    ['an unknown method', ['FROB /v1/careers HTTP/1.1\r\nHost: x\r\n\r\n'], 400],
    ['Content-Length beside Transfer-Encoding', [
      'POST /v1/credentials HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
    ], 400],
    ['bad chunking', [
      'POST /v1/credentials HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n',
    ], 400],
    ['a NUL in a header value', ['GET /v1/careers HTTP/1.1\r\nHost: x\r\nIf-None-Match: "a\u0000b"\r\n\r\n'], 400],
    ['17 KB of headers', [`GET /v1/careers HTTP/1.1\r\nHost: x\r\nX-Filler: ${'a'.repeat(17_000)}\r\n\r\n`], 431],
    ['a 20 KB URL', [`GET /v1/careers?q=${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`], 431],
  ]
  for (const [what, chunks, status] of cases) {
    const answer = await rawExchange(port, chunks)
    assertProblem(t, answer, status, what)
    t.equal(answer.headers.connection, 'close', `${what}: Connection: close`)
    t.ok(answer.closedAfter !== null, `${what}: the server closed the connection`)
  }
})

t.test('an unauthenticated write is answered 401 before its body arrives, and the connection closed', async (t) => {
  const answer = await rawExchange(port, [
    'POST /v1/credentials HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
      'Content-Length: 1000\r\n\r\n{"slug":',
    3000, '"x"',
  ], 5000)
  assertProblem(t, answer, 401, 'a slow unauthenticated body')
  t.ok(
    answer.answeredAfter !== null && answer.answeredAfter < 1000,
    `answered in ${answer.answeredAfter} ms, not after the body`,
  )
  t.ok(answer.closedAfter !== null && answer.closedAfter < 1000, `closed after ${answer.closedAfter} ms`)
})

t.test('timeouts are the documented ones', async (t) => {
  const readme = await readFile(new URL('../README.md', import.meta.url), 'utf8')
  t.match(readme, /complete request within 10 s/, 'the README documents the request timeout')
  t.match(readme, /idle for 72 s/, 'and the keep-alive timeout')
  t.equal(app.server.keepAliveTimeout, 72_000, 'an idle kept-alive connection closes after 72 s')
  t.equal(app.server.requestTimeout, 10_000)
  const answer = await rawExchange(port, ['GET /v1/careers HTTP/1.1\r\nHost: x\r\n'], 15_000)
  assertProblem(t, answer, 408, 'headers that never end')
  t.ok(answer.closedAfter !== null && answer.closedAfter >= 9_900 && answer.closedAfter <= 11_500,
    `slow headers are cut at 10 s (after ${answer.closedAfter} ms)`)
})

t.test('a request on a kept-alive connection while the server closes is a 503 problem', async (t) => {
  const exchange = rawExchange(port, [
    'GET /test/held HTTP/1.1\r\nHost: x\r\n\r\n', 400,
    'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n',
  ], 3000)
  await sleep(100)
  const closing = app.close()
  await sleep(100)
  releaseHeld()
  await closing
  const text = await exchange
  // The held request completed, then the second one on the same connection met the closing server.
  t.equal(text.status, 200, 'the request in flight finished')
  const second = text.body.split('HTTP/1.1 ')[1] ?? ''
  t.match(second, /^503 /, 'the next request on that connection is refused')
  t.match(second, /content-type: application\/problem\+json/i)
  t.match(second, /connection: close/i)
  t.match(second, /retry-after: 1/i)
  t.match(second, /"\/problems\/not-ready"/)
})
