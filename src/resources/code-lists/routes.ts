import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { listAreas, listIndustries, listSources } from './queries.js'
import { AreaList, AreaListQuery, IndustryList, IndustryListQuery, SourceList, SourceListQuery } from './schemas.js'
import { problemResponse } from '../../schemas/common.js'
import { areaListExample, industryListExample, sourceListExample } from '../../schemas/examples.js'
import { response } from '../../schemas/ref.js'

const badRequest = problemResponse('A parameter is invalid')

const codeListRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/industries', {
    schema: {
      tags: ['reference'],
      operationId: 'listIndustries',
      summary: 'NAICS industries',
      description: 'The industries wage estimates can be filtered by, in code order. Paginated with an opaque cursor.',
      querystring: IndustryListQuery,
      response: { 200: response(IndustryList, 'A page of industries', industryListExample), 400: badRequest },
    },
  }, async (request) => listIndustries(app.readDb, request.query))

  app.get('/areas', {
    schema: {
      tags: ['reference'],
      operationId: 'listAreas',
      summary: 'Areas',
      description: 'The nation, states and metropolitan areas wage estimates are published for, in code order. ' +
        'Paginated with an opaque cursor.',
      querystring: AreaListQuery,
      response: { 200: response(AreaList, 'A page of areas', areaListExample), 400: badRequest },
    },
  }, async (request) => listAreas(app.readDb, request.query))

  app.get('/sources', {
    schema: {
      tags: ['reference'],
      operationId: 'listSources',
      summary: 'Sources',
      description: 'Every publisher and dataset the figures cite, with reference period, address and required ' +
        'notice, in slug order. Paginated with an opaque cursor.',
      querystring: SourceListQuery,
      response: { 200: response(SourceList, 'A page of sources', sourceListExample), 400: badRequest },
    },
  }, async (request) => listSources(app.readDb, request.query))
}

export default codeListRoutes
