import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { listAreas, listIndustries } from './queries.js'
import { AreaList, AreaListQuery, IndustryList, IndustryListQuery } from './schemas.js'
import { listOperation } from '../../schemas/operations.js'
import { response } from '../../schemas/ref.js'

const codeListRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/industries', {
    schema: listOperation({
      tags: ['reference'],
      operationId: 'listIndustries',
      summary: 'NAICS industries',
      description: 'The industries wage estimates can be filtered by, in code order. Paginated with an opaque cursor.',
      querystring: IndustryListQuery,
    }, response(IndustryList, 'A page of industries')),
  }, async (request) => listIndustries(app.readDb, request.query))

  app.get('/areas', {
    schema: listOperation({
      tags: ['reference'],
      operationId: 'listAreas',
      summary: 'Areas',
      description: 'The nation, states and metropolitan areas wage estimates are published for, in code order. ' +
        'Paginated with an opaque cursor.',
      querystring: AreaListQuery,
    }, response(AreaList, 'A page of areas')),
  }, async (request) => listAreas(app.readDb, request.query))
}

export default codeListRoutes
