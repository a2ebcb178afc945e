// Editors' writes to a career's credential links and relations. Both are part of the
// career's profile: each needs If-Match with the career's ETag (GET /v1/careers/{key}),
// moves the career's version on, and answers the changed profile with its new ETag.
import type { TObject } from '@sinclair/typebox'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { deleteCredentialLink, deleteRelation, putCredentialLink, putRelation } from './link-queries.js'
import type { CareerBody } from './queries.js'
import { errors } from '../../errors.js'
import { authProblems, etagOf, ifMatch, ifMatchHeaders, writeContext } from '../../writes/http.js'
import { sendRepresentation } from '../../http/json-text.js'
import { CareerCredentialParams, CareerRelationParams, CredentialLinkInput, RelationKindQuery } from './link-schemas.js'
import { Career } from './schemas.js'
import { problemResponse } from '../../schemas/common.js'
import { ref, response } from '../../schemas/ref.js'

const CAREER = ref(Career)
const WHAT = 'the career'

interface LinkSchema<Params extends TObject> {
  tags: string[]
  operationId: string
  summary: string
  description: string
  params: Params
  /** Describe the 404 and 400 answers. */
  notFound: string
  bad: string
}

/** The schema every link write shares: If-Match with the career's ETag, its profile in answer. */
function linkSchema<Params extends TObject> (link: LinkSchema<Params>) {
  const { notFound, bad, ...described } = link
  return {
    ...described,
    headers: ifMatchHeaders(WHAT),
    response: {
      200: response(Career, 'The changed career profile; its ETag is the version for the next write.'),
      400: problemResponse(bad),
      ...authProblems,
      404: problemResponse(notFound),
      412: problemResponse('The career changed since the ETag was read'),
      428: problemResponse('If-Match is missing'),
    },
  }
}

/** A link write that carries a body: a credential link's level and note. */
function withBody<Schema extends ReturnType<typeof linkSchema>> (schema: Schema) {
  return {
    ...schema,
    body: ref(CredentialLinkInput),
    response: { ...schema.response, 415: problemResponse('The body is not JSON') },
  }
}

function precondition (request: FastifyRequest, reply: FastifyReply) {
  return ifMatch<CareerBody>(request, reply, WHAT, CAREER)
}

function answer (reply: FastifyReply, key: string, profile: CareerBody | undefined): CareerBody | FastifyReply {
  if (profile === undefined) throw errors.careerNotFound(key)
  reply.header('etag', etagOf(reply, CAREER, profile))
  return sendRepresentation(reply, profile)
}

const careerLinkRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.put('/careers/:key/credentials/:credential', {
    config: { scope: 'write' },
    schema: withBody(linkSchema({
      tags: ['careers', 'credentials'],
      operationId: 'putCareerCredential',
      summary: 'Link a credential to a career, at a level',
      description: 'Needs the write scope and If-Match with the career\'s current ETag. ' +
        'Creates the link or replaces its level and note.',
      params: CareerCredentialParams,
      notFound: 'No such career or credential',
      bad: 'The body is invalid',
    })),
  }, async (request, reply) => {
    const { key, credential } = request.params
    const profile = await putCredentialLink(
      app.db, key, credential, request.body, writeContext(request), precondition(request, reply),
    )
    return answer(reply, key, profile)
  })

  app.delete('/careers/:key/credentials/:credential', {
    config: { scope: 'write' },
    schema: linkSchema({
      tags: ['careers', 'credentials'],
      operationId: 'deleteCareerCredential',
      summary: 'Unlink a credential from a career',
      description: 'Needs the write scope and If-Match with the career\'s current ETag. The credential itself stays.',
      params: CareerCredentialParams,
      notFound: 'No such career, credential, or link',
      bad: 'A parameter is invalid',
    }),
  }, async (request, reply) => {
    const { key, credential } = request.params
    const profile = await deleteCredentialLink(
      app.db, key, credential, writeContext(request), precondition(request, reply),
    )
    return answer(reply, key, profile)
  })

  relationRoute(app, 'PUT', putRelation, {
    operationId: 'putRelatedCareer',
    summary: 'Relate another career to a career',
    description: 'Needs the write scope and If-Match with the career\'s current ETag (`key`). ' +
      'Records that `other` is a specialization of / an advancement from / an alternative or similar to ' +
      '`key`; `alternative` and `similar` hold both ways, so one recorded from `other` already counts. No body.',
    notFound: 'No such career',
    bad: 'A parameter is invalid, or the two careers are the same',
  })

  relationRoute(app, 'DELETE', deleteRelation, {
    operationId: 'deleteRelatedCareer',
    summary: 'Remove a relation between two careers',
    description: 'Needs the write scope and If-Match with the career\'s current ETag (`key`). ' +
      'Removes the relation of this kind from `key` to `other` ' +
      '(for `alternative` and `similar`, recorded from either end).',
    notFound: 'No such career, or no such relation',
    bad: 'A parameter is invalid',
  })
}

/** Recording and removing a relation take the same parameters and answer alike. */
function relationRoute (
  app: Parameters<FastifyPluginAsyncTypebox>[0],
  method: 'PUT' | 'DELETE',
  write: typeof putRelation,
  texts: Omit<LinkSchema<typeof CareerRelationParams>, 'tags' | 'params'>,
): void {
  app.route({
    method,
    url: '/careers/:key/related/:other',
    config: { scope: 'write' },
    schema: {
      ...linkSchema({ ...texts, tags: ['careers'], params: CareerRelationParams }),
      querystring: RelationKindQuery,
    },
    handler: async (request, reply) => {
      const { key, other } = request.params
      const profile = await write(
        app.db, key, other, request.query.kind, writeContext(request), precondition(request, reply),
      )
      return answer(reply, key, profile)
    },
  })
}

export default careerLinkRoutes
