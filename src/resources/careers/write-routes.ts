// Editors' writes to careers: create, merge-patch and delete. Each needs a key with the
// write scope; changes to an existing career need If-Match with its current ETag.
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { createCareer, deleteCareer, updateCareer, type Precondition } from './write-queries.js'
import type { CareerBody } from './queries.js'
import { HttpProblem } from '../../http/problem.js'
import {
  acceptMergePatch, authProblems, etagOf, ifMatch, ifMatchHeaders, writeContext as context,
} from '../../writes/http.js'
import { CareerInput, CareerPatch } from './write-schemas.js'
import { Career, CareerKeyParams } from './schemas.js'
import { problemResponse } from '../../schemas/common.js'
import { careerExample } from '../../schemas/examples.js'
import { ref, response } from '../../schemas/ref.js'

const CAREER = ref(Career)

const IfMatchHeaders = ifMatchHeaders('the career')

function ifMatchCareer (request: FastifyRequest, reply: FastifyReply): Precondition<CareerBody> {
  return ifMatch(request, reply, 'the career', CAREER)
}

const careerWriteRoutes: FastifyPluginAsyncTypebox = async (app) => {
  acceptMergePatch(app)

  app.post('/careers', {
    config: { scope: 'write' },
    schema: {
      tags: ['careers'],
      operationId: 'createCareer',
      summary: 'Create a career',
      description: 'Needs an API key with the write scope. Answers the new profile with its ETag and Location. ' +
        'A slug or SOC code already in use is a 409.',
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
    reply.code(201).header('location', `/v1/careers/${created.slug}`).header('etag', etagOf(reply, CAREER, created))
    return created
  })

  app.patch('/careers/:key', {
    config: { scope: 'write' },
    schema: {
      tags: ['careers'],
      operationId: 'updateCareer',
      summary: 'Change a career (JSON merge patch)',
      description: 'Needs the write scope and If-Match with the current ETag. The body is a JSON merge patch ' +
        '(RFC 7396; `application/merge-patch+json` or `application/json`): fields sent replace, null clears, ' +
        'lists are replaced whole. Answers the changed profile with its new ETag.',
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
    const precondition = ifMatchCareer(request, reply)
    const updated = await updateCareer(app.db, request.params.key, request.body, context(request), precondition)
    if (updated === undefined) throw HttpProblem.notFound(`No career has the key ${request.params.key}.`)
    reply.header('etag', etagOf(reply, CAREER, updated))
    return updated
  })

  app.delete('/careers/:key', {
    config: { scope: 'write' },
    schema: {
      tags: ['careers'],
      operationId: 'deleteCareer',
      summary: 'Delete a career',
      description: 'Needs the write scope and If-Match with the current ETag. A career that related careers or ' +
        'credentials refer to is a 409 unless `cascade=true`, which removes those links too.',
      params: CareerKeyParams,
      headers: IfMatchHeaders,
      querystring: Type.Object({
        cascade: Type.Boolean({
          default: false, description: 'Also remove relations and credential links that refer to it.',
        }),
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
    const precondition = ifMatchCareer(request, reply)
    const deleted = await deleteCareer(
      app.db, request.params.key, request.query.cascade, context(request), precondition,
    )
    if (!deleted) throw HttpProblem.notFound(`No career has the key ${request.params.key}.`)
    return reply.code(204).send(null)
  })
}

export default careerWriteRoutes
