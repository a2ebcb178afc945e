// Editors' writes to a career's credential links and relations. Both are part of the
// career's profile: each needs If-Match with the career's ETag (GET /v1/careers/{key}),
// moves the career's version on, and answers the changed profile with its new ETag.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { deleteCredentialLink, deleteRelation, putCredentialLink, putRelation } from './link-queries.js'
import type { CareerBody } from './queries.js'
import { HttpProblem } from '../../http/problem.js'
import { authProblems, etagOf, ifMatch, ifMatchHeaders, writeContext } from '../../writes/http.js'
import { CareerCredentialParams, CareerRelationParams, CredentialLinkInput, RelationKindQuery } from './link-schemas.js'
import { Career } from './schemas.js'
import { problemResponse } from '../../schemas/common.js'
import { careerExample } from '../../schemas/examples.js'
import { ref, response } from '../../schemas/ref.js'

const CAREER = ref(Career)
const WHAT = 'the career'

const answers = (notFound: string, bad: string) => ({
  200: response(Career, 'The changed career profile; its ETag is the version for the next write.', careerExample),
  400: problemResponse(bad),
  ...authProblems,
  404: problemResponse(notFound),
  412: problemResponse('The career changed since the ETag was read'),
  428: problemResponse('If-Match is missing'),
})

function precondition (request: FastifyRequest, reply: FastifyReply) {
  return ifMatch<CareerBody>(request, reply, WHAT, CAREER)
}

function answer (reply: FastifyReply, key: string, profile: CareerBody | undefined): CareerBody {
  if (profile === undefined) throw HttpProblem.notFound(`No career has the key ${key}.`)
  reply.header('etag', etagOf(reply, CAREER, profile))
  return profile
}

const careerLinkRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.put('/careers/:key/credentials/:credential', {
    config: { scope: 'write' },
    schema: {
      tags: ['careers', 'credentials'],
      operationId: 'putCareerCredential',
      summary: 'Link a credential to a career, at a level',
      description: 'Needs the write scope and If-Match with the career\'s current ETag. ' +
        'Creates the link or replaces its level and note.',
      params: CareerCredentialParams,
      headers: ifMatchHeaders(WHAT),
      body: ref(CredentialLinkInput),
      response: {
        ...answers('No such career or credential', 'The body is invalid'),
        415: problemResponse('The body is not JSON'),
      },
    },
  }, async (request, reply) => {
    const { key, credential } = request.params
    const profile = await putCredentialLink(
      app.db, key, credential, request.body, writeContext(request), precondition(request, reply),
    )
    return answer(reply, key, profile)
  })

  app.delete('/careers/:key/credentials/:credential', {
    config: { scope: 'write' },
    schema: {
      tags: ['careers', 'credentials'],
      operationId: 'deleteCareerCredential',
      summary: 'Unlink a credential from a career',
      description: 'Needs the write scope and If-Match with the career\'s current ETag. The credential itself stays.',
      params: CareerCredentialParams,
      headers: ifMatchHeaders(WHAT),
      response: answers('No such career, credential, or link', 'A parameter is invalid'),
    },
  }, async (request, reply) => {
    const { key, credential } = request.params
    const profile = await deleteCredentialLink(
      app.db, key, credential, writeContext(request), precondition(request, reply),
    )
    return answer(reply, key, profile)
  })

  app.put('/careers/:key/related/:other', {
    config: { scope: 'write' },
    schema: {
      tags: ['careers'],
      operationId: 'putRelatedCareer',
      summary: 'Relate another career to a career',
      description: 'Needs the write scope and If-Match with the career\'s current ETag (`key`). ' +
        'Records that `other` is a specialization of / an advancement from / an alternative or similar to `key`; ' +
        '`alternative` and `similar` hold both ways, so one recorded from `other` already counts. No body.',
      params: CareerRelationParams,
      headers: ifMatchHeaders(WHAT),
      querystring: RelationKindQuery,
      response: answers('No such career', 'A parameter is invalid, or the two careers are the same'),
    },
  }, async (request, reply) => {
    const { key, other } = request.params
    const profile = await putRelation(
      app.db, key, other, request.query.kind, writeContext(request), precondition(request, reply),
    )
    return answer(reply, key, profile)
  })

  app.delete('/careers/:key/related/:other', {
    config: { scope: 'write' },
    schema: {
      tags: ['careers'],
      operationId: 'deleteRelatedCareer',
      summary: 'Remove a relation between two careers',
      description: 'Needs the write scope and If-Match with the career\'s current ETag (`key`). ' +
        'Removes the relation of this kind from `key` to `other` ' +
        '(for `alternative` and `similar`, recorded from either end).',
      params: CareerRelationParams,
      headers: ifMatchHeaders(WHAT),
      querystring: RelationKindQuery,
      response: answers('No such career, or no such relation', 'A parameter is invalid'),
    },
  }, async (request, reply) => {
    const { key, other } = request.params
    const profile = await deleteRelation(
      app.db, key, other, request.query.kind, writeContext(request), precondition(request, reply),
    )
    return answer(reply, key, profile)
  })
}

export default careerLinkRoutes
