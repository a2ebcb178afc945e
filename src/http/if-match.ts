// If-Match for writes to a resource: 428 without it, 412 when the resource's current GET
// representation (serialized by the same schema a GET uses) has another ETag.
import type { TSchema } from '@sinclair/typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { ifMatchHolds, strongEtag } from './etag.js'
import { HttpProblem, problem } from './problem.js'

/** The ETag a GET of this representation answers with. */
export function etagFor (reply: FastifyReply, schema: TSchema, body: object): string {
  return strongEtag(reply.compileSerializationSchema(schema)(body as Record<string, unknown>))
}

/** A check to run on the current representation inside the write's transaction. */
export function requireIfMatch<T extends object> (request: FastifyRequest, reply: FastifyReply, schema: TSchema, noun: string): (current: T) => void {
  const header = request.headers['if-match']
  if (header === undefined || header.trim() === '' || header.trim() === '*') {
    throw new HttpProblem(problem(428, `Send If-Match with the ETag of the ${noun} as you last read it; changes to unseen versions are refused.`, { kind: 'precondition-required' }))
  }
  return (current) => {
    if (!ifMatchHolds(header, etagFor(reply, schema, current))) {
      throw new HttpProblem(problem(412, `The ${noun} changed since you read it: GET it again, reapply your change, and send its new ETag.`, { kind: 'stale' }))
    }
  }
}
