// What every editor's write route shares: who is writing, the If-Match check against the
// current representation's ETag, and the answers a write can give besides its own.
import { Type, type TSchema } from '@sinclair/typebox'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { WriteContext } from './audit.js'
import { problemResponse } from '../schemas/common.js'
import { ifMatchHolds, strongEtag } from '../http/etag.js'
import { jsonTextOf } from '../http/json-text.js'
import { errors } from '../errors.js'

/** Throws when the caller may not change this version: what `ifMatch` answers. */
export type Precondition<T> = (current: T) => void

export function writeContext (request: FastifyRequest): WriteContext {
  return { actor: request.apiKey?.name ?? '', requestId: request.id }
}

/**
 * The ETag a GET of this resource answers with: of the text it was read as (the GET sends
 * that text), else of what the same schema serializes.
 */
export function etagOf (reply: FastifyReply, schema: TSchema, body: object): string {
  return strongEtag(jsonTextOf(body) ?? reply.compileSerializationSchema(schema)(body as Record<string, unknown>))
}

/** The If-Match request header, documented for the resource it versions. */
export function ifMatchHeaders (what: string) {
  return Type.Object({
    'if-match': Type.Optional(Type.String({
      description: `The ETag of ${what} as last read. Required: 428 without it, 412 when it changed since.`,
    })),
  })
}

/**
 * Refuses the request (428) without If-Match, and returns the check the write runs inside
 * its transaction against the current representation of `what` (412 when stale).
 */
export function ifMatch<T extends object> (
  request: FastifyRequest,
  reply: FastifyReply,
  what: string,
  schema: TSchema,
): Precondition<T> {
  const header = request.headers['if-match']
  if (header === undefined || header.trim() === '' || header.trim() === '*') {
    throw errors.ifMatchRequired(what)
  }
  return (current) => {
    if (!ifMatchHolds(header, etagOf(reply, schema, current))) {
      throw errors.versionStale(what)
    }
  }
}

export const authProblems = {
  401: problemResponse('No API key, or not a valid one'),
  403: problemResponse('The key lacks the write scope'),
  429: problemResponse('Too many requests'),
}

/** RFC 7396 merge patches are JSON; parse them as the default parser does (proto-poisoning refused). */
export function acceptMergePatch (app: FastifyInstance): void {
  app.addContentTypeParser(
    'application/merge-patch+json',
    { parseAs: 'string' },
    app.getDefaultJsonParser('error', 'error'),
  )
}
