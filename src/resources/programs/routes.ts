// Reading programs and institutions. Sponsored programs are marked in every answer and
// sorted like the rest: sponsorship never decides a program's place.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { careerByKey } from '../careers/queries.js'
import { careerCipCodes, findInstitution, findProgram, listInstitutions, listPrograms } from './queries.js'
import { errors } from '../../errors.js'
import { CareerKeyParams, NoQuery } from '../careers/schemas.js'
import { problemResponse } from '../../schemas/common.js'
import { keyedOperation, listOperation } from '../../schemas/operations.js'
import {
  CareerProgramsQuery, IdParams, Institution, InstitutionList, InstitutionListQuery, Program, ProgramList,
  ProgramListQuery,
} from './schemas.js'
import { response } from '../../schemas/ref.js'

export const ORDERING_RULE = 'Ordered by institution state, institution name, program name and id; ' +
  'sponsorship never changes a program\'s place. ' +
  'Every sponsored program carries `sponsored: true` and its `sponsorDisclosure`; `sponsored=true` or `false` ' +
  'splits the list so sponsored listings can be shown in their own labelled block.'

const programRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/careers/:key/programs', {
    schema: keyedOperation({
      tags: ['careers', 'programs'],
      operationId: 'listCareerPrograms',
      summary: 'Programs that prepare for a career',
      description: 'Programs whose CIP code a CIP–SOC crosswalk links to the career\'s SOC code, or that the ' +
        'career names among its fields of study. Filters: award level, institution state, delivery, sponsored. ' +
        `${ORDERING_RULE} Paginated with an opaque cursor.`,
      params: CareerKeyParams,
      querystring: CareerProgramsQuery,
    }, response(ProgramList, 'A page of programs'), problemResponse('No such career')),
  }, async (request) => {
    const career = await careerByKey(app.readDb, request.params.key)
    const codes = await careerCipCodes(app.readDb, career.id, career.soc_code)
    return listPrograms(app.readDb, `career:${career.id}`, codes, request.query)
  })

  app.get('/programs', {
    schema: listOperation({
      tags: ['programs'],
      operationId: 'listPrograms',
      summary: 'List programs',
      description: 'Filters: CIP code or its family/series, institution, award level, state, delivery, sponsored. ' +
        `${ORDERING_RULE} Paginated with an opaque cursor.`,
      querystring: ProgramListQuery,
    }, response(ProgramList, 'A page of programs')),
  }, async (request) => listPrograms(app.readDb, 'all', null, request.query))

  app.get('/programs/:id', {
    schema: keyedOperation({
      tags: ['programs'],
      operationId: 'getProgram',
      summary: 'A program',
      description: 'The program with its institution, award level, CIP field of study, delivery, tuition, ' +
        'and sponsorship with its disclosure.',
      params: IdParams,
      querystring: NoQuery,
    }, response(Program, 'The program'), problemResponse('No such program')),
  }, async (request) => {
    const program = await findProgram(app.readDb, request.params.id)
    if (program === undefined) throw errors.programNotFound(request.params.id)
    return program
  })

  app.get('/institutions', {
    schema: listOperation({
      tags: ['programs'],
      operationId: 'listInstitutions',
      summary: 'List institutions',
      description: 'Schools by name; filters `state` and `q` (text in the name). Paginated with an opaque cursor.',
      querystring: InstitutionListQuery,
    }, response(InstitutionList, 'A page of institutions')),
  }, async (request) => listInstitutions(app.readDb, request.query))

  app.get('/institutions/:id', {
    schema: keyedOperation({
      tags: ['programs'],
      operationId: 'getInstitution',
      summary: 'An institution',
      description: 'Name, city, state, IPEDS unit id and URL. Its programs: `GET /v1/programs?institution={id}`.',
      params: IdParams,
      querystring: NoQuery,
    }, response(Institution, 'The institution'), problemResponse('No such institution')),
  }, async (request) => {
    const institution = await findInstitution(app.readDb, request.params.id)
    if (institution === undefined) throw errors.institutionNotFound(request.params.id)
    return institution
  })
}

export default programRoutes
