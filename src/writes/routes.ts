// The three routes by which editors create, merge-patch and delete a resource's rows. Every
// resource's writes answer alike — the write scope, If-Match on every change, 201 with
// Location and ETag, 404 for an unknown key — so the shape is written once here and each
// resource gives its texts and its query functions.
import { Type, type Static, type TObject, type TSchema } from '@sinclair/typebox'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { Db } from '../db/connect.js'
import type { WriteContext } from './audit.js'
import { authProblems, etagOf, ifMatch, ifMatchHeaders, writeContext, type Precondition } from './http.js'
import { sendRepresentation } from '../http/json-text.js'
import { problemResponse } from '../schemas/common.js'
import { ref, response } from '../schemas/ref.js'

type App = Parameters<FastifyPluginAsyncTypebox>[0]

// For a schema given as a type parameter the provider cannot resolve the request's types, so
// params and query are named as what validation has made them: Static of the route's schemas.

/** What every write route of one resource shares. */
export interface Writable<Item extends TObject, Params extends TObject> {
  tags: string[]
  /** The representation every write answers (and whose ETag If-Match carries). */
  item: Item
  /** How the representation is named in If-Match texts: 'the credential'. */
  what: string
  params: Params
  /** The 404 for a key no row has. */
  notFound: (params: Static<Params>) => Error
  /** Describes the 412 answer. */
  stale: string
}

/** A route's own texts in the OpenAPI document. */
export interface Described {
  url: string
  operationId: string
  summary: string
  description: string
}

export interface Creation<Item extends TObject, Body extends TSchema> extends Described {
  body: Body
  /** Describes the 201 answer. */
  created: string
  /** Describes the 409 answer, when a create can conflict. */
  conflict?: string
  create: (db: Db, body: Static<Body>, context: WriteContext) => Promise<Static<Item>>
  location: (created: Static<Item>) => string
}

export interface Patching<Item extends TObject, Params extends TObject, Body extends TSchema> extends Described {
  body: Body
  /** Describes the 200 answer. */
  changed: string
  /** Describes the 404 answer. */
  missing: string
  conflict?: string
  update: (
    db: Db, params: Static<Params>, body: Static<Body>, context: WriteContext, precondition: Precondition<Static<Item>>,
  ) => Promise<Static<Item> | undefined>
}

export interface Deletion<Item extends TObject, Params extends TObject, Query extends TObject> extends Described {
  querystring?: Query
  missing: string
  conflict?: string
  remove: (
    db: Db, params: Static<Params>, query: Static<Query>, context: WriteContext,
    precondition: Precondition<Static<Item>>,
  ) => Promise<boolean>
}

/** The parts of a route's schema every write route shares. */
function describe (tags: string[], route: Described) {
  return { tags, operationId: route.operationId, summary: route.summary, description: route.description }
}

/** What changing an existing row needs besides its own parts: the key in the path and If-Match. */
function keyed<Params extends TObject> (resource: Writable<TObject, Params>, route: Described) {
  return { ...describe(resource.tags, route), params: resource.params, headers: ifMatchHeaders(resource.what) }
}

/** The answers of a change to an existing row, besides its success and its body's faults. */
function changeProblems (resource: { stale: string }, missing: string, conflict: string | undefined) {
  return {
    ...authProblems,
    404: problemResponse(missing),
    ...conflictResponse(conflict),
    412: problemResponse(resource.stale),
    428: problemResponse('If-Match is missing'),
  }
}

function conflictResponse (conflict: string | undefined) {
  return conflict === undefined ? {} : { 409: problemResponse(conflict) }
}

export function createRoute<Item extends TObject, Params extends TObject, Body extends TSchema> (
  app: App, resource: Writable<Item, Params>, route: Creation<Item, Body>,
): void {
  const item = ref(resource.item)
  app.post(route.url, {
    config: { scope: 'write' },
    schema: {
      ...describe(resource.tags, route),
      body: ref(route.body),
      response: {
        201: response(resource.item, route.created),
        400: problemResponse('The body is invalid'),
        ...authProblems,
        ...conflictResponse(route.conflict),
        415: problemResponse('The body is not JSON'),
      },
    },
  }, async (request, reply) => {
    const created = await route.create(app.db, request.body, writeContext(request))
    reply.code(201).header('location', route.location(created)).header('etag', etagOf(reply, item, created))
    return sendRepresentation(reply, created)
  })
}

export function patchRoute<Item extends TObject, Params extends TObject, Body extends TSchema> (
  app: App, resource: Writable<Item, Params>, route: Patching<Item, Params, Body>,
): void {
  const item = ref(resource.item)
  app.patch(route.url, {
    config: { scope: 'write' },
    schema: {
      ...keyed(resource, route),
      body: ref(route.body),
      // A merge patch (RFC 7396) is sent as either; acceptMergePatch parses both alike.
      consumes: ['application/json', 'application/merge-patch+json'],
      response: {
        200: response(resource.item, route.changed),
        400: problemResponse('The patch is invalid'),
        ...changeProblems(resource, route.missing, route.conflict),
        415: problemResponse('The body is not JSON'),
      },
    },
  }, async (request, reply) => {
    const params = request.params as Static<Params>
    const precondition = ifMatch<Static<Item>>(request, reply, resource.what, item)
    const updated = await route.update(app.db, params, request.body, writeContext(request), precondition)
    if (updated === undefined) throw resource.notFound(params)
    reply.header('etag', etagOf(reply, item, updated))
    return sendRepresentation(reply, updated)
  })
}

export function deleteRoute<Item extends TObject, Params extends TObject, Query extends TObject> (
  app: App, resource: Writable<Item, Params>, route: Deletion<Item, Params, Query>,
): void {
  const item = ref(resource.item)
  app.delete(route.url, {
    config: { scope: 'write' },
    schema: {
      ...keyed(resource, route),
      ...route.querystring === undefined ? {} : { querystring: route.querystring },
      response: {
        204: Type.Null({ description: 'Deleted' }),
        400: problemResponse('A parameter is invalid'),
        ...changeProblems(resource, route.missing, route.conflict),
      },
    },
  }, async (request, reply) => {
    const params = request.params as Static<Params>
    const query = (request.query ?? {}) as Static<Query>
    const precondition = ifMatch<Static<Item>>(request, reply, resource.what, item)
    if (!await route.remove(app.db, params, query, writeContext(request), precondition)) {
      throw resource.notFound(params)
    }
    return reply.code(204).send(null)
  })
}
