// Writes to institutions and programs: an API key with the write scope, If-Match with the
// current ETag on every change, audit entries. A sponsored program without disclosure text
// is a 400 naming body.sponsorDisclosure (schema, data layer, and a database constraint).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  createInstitution, createProgram, deleteInstitution, deleteProgram, updateInstitution, updateProgram,
} from './write-queries.js'
import { errors } from '../../errors.js'
import { acceptMergePatch } from '../../writes/http.js'
import { createRoute, deleteRoute, patchRoute, type Writable } from '../../writes/routes.js'
import {
  IdParams, Institution, InstitutionInput, InstitutionPatch, Program, ProgramInput, ProgramPatch,
} from './schemas.js'

const STALE = 'It changed since the ETag was read'

const institutions: Writable<typeof Institution, typeof IdParams> = {
  tags: ['programs'],
  item: Institution,
  what: 'the institution',
  params: IdParams,
  notFound: ({ id }) => errors.institutionNotFound(id),
  stale: STALE,
}

const programs: Writable<typeof Program, typeof IdParams> = {
  tags: ['programs'],
  item: Program,
  what: 'the program',
  params: IdParams,
  notFound: ({ id }) => errors.programNotFound(id),
  stale: STALE,
}

const programWriteRoutes: FastifyPluginAsyncTypebox = async (app) => {
  acceptMergePatch(app)

  createRoute(app, institutions, {
    url: '/institutions',
    operationId: 'createInstitution',
    summary: 'Create an institution',
    description: 'Needs an API key with the write scope. Answers the new institution with its ETag and Location. ' +
      'An IPEDS unit id already in use is a 409.',
    body: InstitutionInput,
    created: 'Created',
    conflict: 'The IPEDS unit id is taken',
    create: createInstitution,
    location: (created) => `/v1/institutions/${created.id}`,
  })

  patchRoute(app, institutions, {
    url: '/institutions/:id',
    operationId: 'updateInstitution',
    summary: 'Change an institution (JSON merge patch)',
    description: 'Needs the write scope and If-Match with the current ETag. ' +
      'Its programs show the change too (and are audited with it).',
    body: InstitutionPatch,
    changed: 'The changed institution',
    missing: 'No such institution',
    conflict: 'The IPEDS unit id is taken',
    update: (db, { id }, patch, context, precondition) => updateInstitution(db, id, patch, context, precondition),
  })

  deleteRoute(app, institutions, {
    url: '/institutions/:id',
    operationId: 'deleteInstitution',
    summary: 'Delete an institution',
    description: 'Needs the write scope and If-Match with the current ETag. ' +
      'An institution that still offers programs is a 409.',
    missing: 'No such institution',
    conflict: 'It still offers programs',
    remove: (db, { id }, _query, context, precondition) => deleteInstitution(db, id, context, precondition),
  })

  createRoute(app, programs, {
    url: '/programs',
    operationId: 'createProgram',
    summary: 'Create a program',
    description: 'Needs an API key with the write scope. `sponsored: true` needs `sponsorDisclosure` (not blank): ' +
      'without it, a 400 naming `body.sponsorDisclosure`. The institution and the 6-digit CIP code must exist ' +
      '(400 naming the field). Answers the new program with its ETag and Location.',
    body: ProgramInput,
    created: 'Created',
    create: createProgram,
    location: (created) => `/v1/programs/${created.id}`,
  })

  patchRoute(app, programs, {
    url: '/programs/:id',
    operationId: 'updateProgram',
    summary: 'Change a program (JSON merge patch)',
    description: 'Needs the write scope and If-Match with the current ETag. The program as patched must keep ' +
      'disclosure text while sponsored (400 naming `body.sponsorDisclosure`).',
    body: ProgramPatch,
    changed: 'The changed program',
    missing: 'No such program',
    update: (db, { id }, patch, context, precondition) => updateProgram(db, id, patch, context, precondition),
  })

  deleteRoute(app, programs, {
    url: '/programs/:id',
    operationId: 'deleteProgram',
    summary: 'Delete a program',
    description: 'Needs the write scope and If-Match with the current ETag.',
    missing: 'No such program',
    remove: (db, { id }, _query, context, precondition) => deleteProgram(db, id, context, precondition),
  })
}

export default programWriteRoutes
