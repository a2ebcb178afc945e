import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { listSources } from './queries.js'
import { SourceList, SourceListQuery } from './schemas.js'
import { listOperation } from '../../schemas/operations.js'
import { response } from '../../schemas/ref.js'

const sourceRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/sources', {
    schema: listOperation({
      tags: ['reference'],
      operationId: 'listSources',
      summary: 'Sources',
      description: 'Every publisher and dataset the figures cite, with reference period, address and required ' +
        'notice, in slug order. Paginated with an opaque cursor.',
      querystring: SourceListQuery,
    }, response(SourceList, 'A page of sources')),
  }, async (request) => listSources(app.readDb, request.query))
}

export default sourceRoutes
