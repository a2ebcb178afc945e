// Which failures count as "the database cannot be reached" (503 not-ready): the shapes pg,
// Node's sockets and Postgres itself give a lost or refused connection, and nothing else.
import t from 'tap'
import { isConnectionError } from '../src/db/faults.js'

const withCode = (code: string, message = 'failed'): Error => Object.assign(new Error(message), { code })

t.test('Postgres SQLSTATEs of a lost or refused connection', async (t) => {
  for (const code of ['08006', '08001', '08P01', '57P01', '57P02', '57P03', '57P04', '53300']) {
    t.ok(isConnectionError(withCode(code)), code)
  }
})

t.test("Node's socket errors", async (t) => {
  for (const code of [
    'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN',
  ]) t.ok(isConnectionError(withCode(code)), code)
})

t.test("pg's own words for a dropped socket, a pool wait that timed out, an unusable client", async (t) => {
  for (const message of [
    'Connection terminated unexpectedly',
    'Connection terminated due to connection timeout',
    'timeout exceeded when trying to connect',
    'Client has encountered a connection error and is not queryable',
    'Client was closed and is not queryable',
    'Connection ended',
  ]) t.ok(isConnectionError(new Error(message)), message)
})

t.test('a host whose every address refused', async (t) => {
  t.ok(isConnectionError(new AggregateError([withCode('ECONNREFUSED'), withCode('ECONNREFUSED')], 'connect failed')))
  t.notOk(isConnectionError(new AggregateError([new Error('a'), new Error('b')], 'unrelated')))
})

t.test('everything else is not a connection failure', async (t) => {
  // A statement timeout is its own 503 (timeout); client mistakes and bugs are not 503s at all.
  for (const code of ['57014', '23505', '42601', '42P01', '0A000', '08']) {
    t.notOk(isConnectionError(withCode(code)), code)
  }
  t.notOk(isConnectionError(new Error('relation "career" does not exist')))
  t.notOk(isConnectionError(new Error('the ledger: Connection terminated')), 'the words must open the message')
  t.notOk(isConnectionError(Object.assign(new Error('x'), { code: 57 })), 'a numeric code')
  for (const value of [null, undefined, 'ECONNREFUSED', 42]) t.notOk(isConnectionError(value), String(value))
})
