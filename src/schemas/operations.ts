// The two read routes most resources serve, as route schemas: a page of a list (200, or 400
// for a bad parameter) and a route under a path key (200, 400, or 404 when nothing has it).
// A route states what is its own (tags, names, words, parameters, its 200 response); the
// helper adds the responses every such route shares, so they cannot drift apart.
import { problemResponse } from './common.js'

/** What every operation says about itself in the OpenAPI document, with its parameters. */
interface Operation {
  tags: string[]
  operationId: string
  summary: string
  description: string
}

type ProblemResponse = ReturnType<typeof problemResponse>

const invalidParameter = (): ProblemResponse => problemResponse('A parameter is invalid')

/** A list route's schema: `page` (a `response()`) for 200, `badRequest` for 400. */
export function listOperation<O extends Operation, P> (
  operation: O, page: P, badRequest: ProblemResponse = invalidParameter(),
) {
  return { ...operation, response: { 200: page, 400: badRequest } }
}

/**
 * The schema of a route under a path key (one thing, or what belongs to it): `found` for 200,
 * `notFound` for 404 when nothing has the key, `badRequest` for 400.
 */
export function keyedOperation<O extends Operation, F> (
  operation: O, found: F, notFound: ProblemResponse, badRequest: ProblemResponse = invalidParameter(),
) {
  return { ...operation, response: { 200: found, 400: badRequest, 404: notFound } }
}
