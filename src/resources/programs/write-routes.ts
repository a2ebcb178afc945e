// Writes to institutions and programs: an API key with the write scope, If-Match with the
// current ETag on every change, audit entries. A sponsored program without disclosure text
// is a 400 naming body.sponsorDisclosure (schema, data layer, and a database constraint).
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  createInstitution, createProgram, deleteInstitution, deleteProgram, updateInstitution, updateProgram,
} from './write-queries.js'
import type { InstitutionBody, ProgramBody } from './queries.js'
import { HttpProblem } from '../../http/problem.js'
import { acceptMergePatch, authProblems, etagOf, ifMatch, ifMatchHeaders, writeContext } from '../../writes/http.js'
import { problemResponse } from '../../schemas/common.js'
import { institutionExample, programExample } from '../../schemas/degree-examples.js'
import {
  IdParams, Institution, InstitutionInput, InstitutionPatch, Program, ProgramInput, ProgramPatch,
} from './schemas.js'
import { ref, response } from '../../schemas/ref.js'

const PROGRAM = ref(Program)
const INSTITUTION = ref(Institution)

const changeProblems = {
  ...authProblems,
  412: problemResponse('It changed since the ETag was read'),
  428: problemResponse('If-Match is missing'),
}

const programWriteRoutes: FastifyPluginAsyncTypebox = async (app) => {
  acceptMergePatch(app)

  app.post('/institutions', {
    config: { scope: 'write' },
    schema: {
      tags: ['programs'],
      operationId: 'createInstitution',
      summary: 'Create an institution',
      description: 'Needs an API key with the write scope. Answers the new institution with its ETag and Location. ' +
        'An IPEDS unit id already in use is a 409.',
      body: ref(InstitutionInput),
      response: {
        201: response(Institution, 'Created', institutionExample),
        400: problemResponse('The body is invalid'),
        ...authProblems,
        409: problemResponse('The IPEDS unit id is taken'),
        415: problemResponse('The body is not JSON'),
      },
    },
  }, async (request, reply) => {
    const created = await createInstitution(app.db, request.body, writeContext(request))
    reply.code(201)
      .header('location', `/v1/institutions/${created.id}`)
      .header('etag', etagOf(reply, INSTITUTION, created))
    return created
  })

  app.patch('/institutions/:id', {
    config: { scope: 'write' },
    schema: {
      tags: ['programs'],
      operationId: 'updateInstitution',
      summary: 'Change an institution (JSON merge patch)',
      description: 'Needs the write scope and If-Match with the current ETag. ' +
        'Its programs show the change too (and are audited with it).',
      params: IdParams,
      headers: ifMatchHeaders('the institution'),
      body: ref(InstitutionPatch),
      response: {
        200: response(Institution, 'The changed institution', institutionExample),
        400: problemResponse('The patch is invalid'),
        ...changeProblems,
        404: problemResponse('No such institution'),
        409: problemResponse('The IPEDS unit id is taken'),
        415: problemResponse('The body is not JSON'),
      },
    },
  }, async (request, reply) => {
    const precondition = ifMatch<InstitutionBody>(request, reply, 'the institution', INSTITUTION)
    const updated = await updateInstitution(
      app.db, request.params.id, request.body, writeContext(request), precondition,
    )
    if (updated === undefined) throw HttpProblem.notFound(`No institution has the id ${request.params.id}.`)
    reply.header('etag', etagOf(reply, INSTITUTION, updated))
    return updated
  })

  app.delete('/institutions/:id', {
    config: { scope: 'write' },
    schema: {
      tags: ['programs'],
      operationId: 'deleteInstitution',
      summary: 'Delete an institution',
      description: 'Needs the write scope and If-Match with the current ETag. ' +
        'An institution that still offers programs is a 409.',
      params: IdParams,
      headers: ifMatchHeaders('the institution'),
      response: {
        204: Type.Null({ description: 'Deleted' }),
        400: problemResponse('A parameter is invalid'),
        ...changeProblems,
        404: problemResponse('No such institution'),
        409: problemResponse('It still offers programs'),
      },
    },
  }, async (request, reply) => {
    const precondition = ifMatch<InstitutionBody>(request, reply, 'the institution', INSTITUTION)
    if (!await deleteInstitution(app.db, request.params.id, writeContext(request), precondition)) {
      throw HttpProblem.notFound(`No institution has the id ${request.params.id}.`)
    }
    return reply.code(204).send(null)
  })

  app.post('/programs', {
    config: { scope: 'write' },
    schema: {
      tags: ['programs'],
      operationId: 'createProgram',
      summary: 'Create a program',
      description: 'Needs an API key with the write scope. `sponsored: true` needs `sponsorDisclosure` (not blank): ' +
        'without it, a 400 naming `body.sponsorDisclosure`. The institution and the 6-digit CIP code must exist ' +
        '(400 naming the field). Answers the new program with its ETag and Location.',
      body: ref(ProgramInput),
      response: {
        201: response(Program, 'Created', programExample),
        400: problemResponse('The body is invalid'),
        ...authProblems,
        415: problemResponse('The body is not JSON'),
      },
    },
  }, async (request, reply) => {
    const created = await createProgram(app.db, request.body, writeContext(request))
    reply.code(201).header('location', `/v1/programs/${created.id}`).header('etag', etagOf(reply, PROGRAM, created))
    return created
  })

  app.patch('/programs/:id', {
    config: { scope: 'write' },
    schema: {
      tags: ['programs'],
      operationId: 'updateProgram',
      summary: 'Change a program (JSON merge patch)',
      description: 'Needs the write scope and If-Match with the current ETag. The program as patched must keep ' +
        'disclosure text while sponsored (400 naming `body.sponsorDisclosure`).',
      params: IdParams,
      headers: ifMatchHeaders('the program'),
      body: ref(ProgramPatch),
      response: {
        200: response(Program, 'The changed program', programExample),
        400: problemResponse('The patch is invalid'),
        ...changeProblems,
        404: problemResponse('No such program'),
        415: problemResponse('The body is not JSON'),
      },
    },
  }, async (request, reply) => {
    const precondition = ifMatch<ProgramBody>(request, reply, 'the program', PROGRAM)
    const updated = await updateProgram(app.db, request.params.id, request.body, writeContext(request), precondition)
    if (updated === undefined) throw HttpProblem.notFound(`No program has the id ${request.params.id}.`)
    reply.header('etag', etagOf(reply, PROGRAM, updated))
    return updated
  })

  app.delete('/programs/:id', {
    config: { scope: 'write' },
    schema: {
      tags: ['programs'],
      operationId: 'deleteProgram',
      summary: 'Delete a program',
      description: 'Needs the write scope and If-Match with the current ETag.',
      params: IdParams,
      headers: ifMatchHeaders('the program'),
      response: {
        204: Type.Null({ description: 'Deleted' }),
        400: problemResponse('A parameter is invalid'),
        ...changeProblems,
        404: problemResponse('No such program'),
      },
    },
  }, async (request, reply) => {
    const precondition = ifMatch<ProgramBody>(request, reply, 'the program', PROGRAM)
    if (!await deleteProgram(app.db, request.params.id, writeContext(request), precondition)) {
      throw HttpProblem.notFound(`No program has the id ${request.params.id}.`)
    }
    return reply.code(204).send(null)
  })
}

export default programWriteRoutes
