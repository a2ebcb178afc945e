// Answers for requests that Node's HTTP parser refuses before Fastify has a request to hand
// to routes or hooks: malformed request lines or headers, an unknown method, bad chunking,
// Content-Length beside Transfer-Encoding, headers (or a URL) over Node's 16 KiB limit, and
// headers that take longer than the request timeout. They leave as problems like every other
// error, then the connection closes: after a parse error nothing more on it can be trusted.
import { STATUS_CODES } from 'node:http'
import type { Socket } from 'node:net'
import type { FastifyInstance } from 'fastify'
import { errors, type ApiError } from '../errors.js'
import { PROBLEM_CONTENT_TYPE, problemOf } from './problem.js'

interface ClientError extends Error {
  code?: string
}

function answerFor (error: ClientError): ApiError {
  switch (error.code) {
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return errors.requestTimeout()
    case 'HPE_HEADER_OVERFLOW':
      return errors.headersTooLarge()
    default:
      return errors.unreadableRequest()
  }
}

export function clientErrorHandler (this: FastifyInstance, error: ClientError, socket: Socket): void {
  // A reset connection has nobody left to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return
  const answer = answerFor(error)
  const { status } = answer
  this.log.debug({ err: error, status }, 'unreadable request refused')
  if (socket.writable) {
    // about:blank: the status says all there is to say.
    const body = JSON.stringify(problemOf(answer))
    socket.write([
      `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}`,
      `Content-Type: ${PROBLEM_CONTENT_TYPE}`,
      `Content-Length: ${Buffer.byteLength(body)}`,
      'Connection: close',
      '',
      body,
    ].join('\r\n'))
  }
  socket.destroy()
}
