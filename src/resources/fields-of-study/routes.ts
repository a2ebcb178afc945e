import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { findFieldOfStudy, listFieldsOfStudy } from './queries.js'
import { errors } from '../../errors.js'
import { NoQuery } from '../careers/schemas.js'
import { problemResponse } from '../../schemas/common.js'
import { keyedOperation, listOperation } from '../../schemas/operations.js'
import { FieldOfStudy, FieldOfStudyList, FieldOfStudyListQuery, FieldOfStudyParams } from './schemas.js'
import { response } from '../../schemas/ref.js'

const fieldOfStudyRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/fields-of-study', {
    schema: listOperation({
      tags: ['fields of study'],
      operationId: 'listFieldsOfStudy',
      summary: 'Search and list CIP 2020 fields of study',
      description: 'CIP 2020 codes (strings: `01.0000` keeps its zero). With `q`: full-text search over titles ' +
        'and definitions (word forms and word prefixes match), best first; without: in code order. ' +
        'Paginated with an opaque cursor.',
      querystring: FieldOfStudyListQuery,
    }, response(FieldOfStudyList, 'A page of fields of study')),
  }, async (request) => listFieldsOfStudy(app.readDb, request.query))

  app.get('/fields-of-study/:code', {
    schema: keyedOperation({
      tags: ['fields of study'],
      operationId: 'getFieldOfStudy',
      summary: 'A CIP 2020 field of study',
      description: 'Title, NCES definition, family, and the occupations (SOC 2018) crosswalks link it to, ' +
        'with the career for each where there is one.',
      params: FieldOfStudyParams,
      querystring: NoQuery,
    }, response(FieldOfStudy, 'The field of study'), problemResponse('No such CIP code')),
  }, async (request) => {
    const field = await findFieldOfStudy(app.readDb, request.params.code)
    if (field === undefined) throw errors.fieldOfStudyNotFound(request.params.code)
    return field
  })
}

export default fieldOfStudyRoutes
