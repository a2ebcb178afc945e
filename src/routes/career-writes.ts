// Editors' writes to careers: create, merge-patch and delete. Each needs a key with the
// write scope; changes to an existing career need If-Match with its current ETag.
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { createCareer, deleteCareer, updateCareer, type Precondition } from '../data/career-writes.js'
import type { WriteContext } from '../data/audit.js'
import type { CareerBody } from '../data/careers.js'
import { ifMatchHolds, strongEtag } from '../http/etag.js'
import { HttpProblem, problem } from '../http/problem.js'
import { CareerInput, CareerPatch } from '../schemas/career-writes.js'
import { Career, CareerKeyParams } from '../schemas/careers.js'
import { problemResponse } from '../schemas/common.js'
import { careerExample } from '../schemas/examples.js'
import { ref, response } from '../schemas/ref.js'

const CAREER = ref(Career)

const IfMatchHeaders = Type.Object({
  'if-match': Type.Optional(Type.String({ description: 'The ETag of the career as last read. Required: 428 without it, 412 when the career changed since.' })),
})

const authProblems = {
  401: problemResponse('No API key, or not a valid one'),
  403: problemResponse('The key lacks the write scope'),
  429: problemResponse('Too many requests'),
}

function context (request: FastifyRequest): WriteContext {
  return { actor: request.apiKey?.name ?? '', requestId: request.id }
}

/** The ETag a GET of this career answers with: the same schema serializes both. */
function etagOf (reply: FastifyReply, body: CareerBody): string {
  return strongEtag(reply.compileSerializationSchema(CAREER)(body))
}

/** Checks If-Match against the current representation inside the write's transaction. */
function ifMatch (request: FastifyRequest, reply: FastifyReply): Precondition {
  const header = request.headers['if-match']
  if (header === undefined || header.trim() === '' || header.trim() === '*') {
    throw new HttpProblem(problem(428, 'Send If-Match with the ETag of the career as you last read it; changes to unseen versions are refused.', { kind: 'precondition-required' }))
  }
  return (current) => {
    if (!ifMatchHolds(header, etagOf(reply, current))) {
      throw new HttpProblem(problem(412, 'The career changed since you read it: GET it again, reapply your change, and send its new ETag.', { kind: 'stale' }))
    }
  }
}

const careerWriteRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // RFC 7396 merge patches are JSON; parse them as the default parser does (proto-poisoning refused).
  app.addContentTypeParser('application/merge-patch+json', { parseAs: 'string' }, app.getDefaultJsonParser('error', 'error'))

  app.post('/careers', {
    config: { scope: 'write' },
    schema: {
      tags: ['careers'],
      operationId: 'createCareer',
      summary: 'Create a career',
      description: 'Needs an API key with the write scope. Answers the new profile with its ETag and Location. A slug or SOC code already in use is a 409.',
      body: ref(CareerInput),
      response: {
        201: response(Career, 'Created: the new profile', careerExample),
        400: problemResponse('The body is invalid'),
        ...authProblems,
        409: problemResponse('The slug or SOC code is taken'),
        415: problemResponse('The body is not JSON'),
      },
    },
  }, async (request, reply) => {
    const created = await createCareer(app.db, request.body, context(request))
    reply.code(201).header('location', `/v1/careers/${created.slug}`).header('etag', etagOf(reply, created))
    return created
  })

  app.patch('/careers/:key', {
    config: { scope: 'write' },
    schema: {
      tags: ['careers'],
      operationId: 'updateCareer',
      summary: 'Change a career (JSON merge patch)',
      description: 'Needs the write scope and If-Match with the current ETag. The body is a JSON merge patch (RFC 7396; `application/merge-patch+json` or `application/json`): fields sent replace, null clears, lists are replaced whole. Answers the changed profile with its new ETag.',
      params: CareerKeyParams,
      headers: IfMatchHeaders,
      body: ref(CareerPatch),
      response: {
        200: response(Career, 'The changed profile', careerExample),
        400: problemResponse('The patch is invalid'),
        ...authProblems,
        404: problemResponse('No such career'),
        409: problemResponse('The new slug or SOC code is taken'),
        412: problemResponse('The career changed since the ETag was read'),
        415: problemResponse('The body is not JSON'),
        428: problemResponse('If-Match is missing'),
      },
    },
  }, async (request, reply) => {
    const precondition = ifMatch(request, reply)
    const updated = await updateCareer(app.db, request.params.key, request.body, context(request), precondition)
    if (updated === undefined) throw HttpProblem.notFound(`No career has the key ${request.params.key}.`)
    reply.header('etag', etagOf(reply, updated))
    return updated
  })

  app.delete('/careers/:key', {
    config: { scope: 'write' },
    schema: {
      tags: ['careers'],
      operationId: 'deleteCareer',
      summary: 'Delete a career',
      description: 'Needs the write scope and If-Match with the current ETag. A career that related careers or credentials refer to is a 409 unless `cascade=true`, which removes those links too.',
      params: CareerKeyParams,
      headers: IfMatchHeaders,
      querystring: Type.Object({
        cascade: Type.Boolean({ default: false, description: 'Also remove relations and credential links that refer to it.' }),
      }, { additionalProperties: false }),
      response: {
        204: Type.Null({ description: 'Deleted' }),
        400: problemResponse('A parameter is invalid'),
        ...authProblems,
        404: problemResponse('No such career'),
        409: problemResponse('Others refer to it and cascade was not asked for'),
        412: problemResponse('The career changed since the ETag was read'),
        428: problemResponse('If-Match is missing'),
      },
    },
  }, async (request, reply) => {
    const precondition = ifMatch(request, reply)
    const deleted = await deleteCareer(app.db, request.params.key, request.query.cascade, context(request), precondition)
    if (!deleted) throw HttpProblem.notFound(`No career has the key ${request.params.key}.`)
    return reply.code(204).send(null)
  })
}

export default careerWriteRoutes
