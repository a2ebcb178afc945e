// Which database failures mean "the database cannot be reached right now" rather than "this
// request or this code is wrong". Those are answered 503 with Retry-After (the client should
// try again shortly); everything else stays the error it is.

// SQLSTATE classes and codes of a lost or refused connection: class 08 (connection
// exception), operator intervention (terminated backend, crash, starting up or shutting
// down) and too many connections.
const CONNECTION_SQLSTATE = /^(08...|57P0[1-4]|53300)$/
// Node's socket errors on connect or mid-query.
const SOCKET_ERRNO = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN',
])
// pg reports a dropped socket, a pool wait that timed out and a client unusable after an
// error only in words.
const PG_CONNECTION_MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error',
  'Client was closed and is not queryable',
  'Connection ended',
]
const PG_CONNECTION_MESSAGE = new RegExp(`^(${PG_CONNECTION_MESSAGES.join('|')})`)

export function isConnectionError (error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false
  const { code, message } = error as { code?: unknown, message?: unknown }
  if (typeof code === 'string' && (CONNECTION_SQLSTATE.test(code) || SOCKET_ERRNO.has(code))) return true
  if (typeof message === 'string' && PG_CONNECTION_MESSAGE.test(message)) return true
  // AggregateError: a host name that resolved to several addresses, each refused.
  if (error instanceof AggregateError) return error.errors.some(isConnectionError)
  return false
}
