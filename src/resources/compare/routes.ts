import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { compareCareers } from './queries.js'
import { problemResponse } from '../../schemas/common.js'
import { CompareQuery, Comparison } from './schemas.js'
import { response } from '../../schemas/ref.js'

const compareRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/compare', {
    schema: {
      tags: ['careers'],
      operationId: 'compareCareers',
      summary: 'Careers side by side',
      description: 'For 2 to 5 careers: title, degree required, fields of study, licensure and credentials, ' +
        'the latest growth with its years and descriptor, and the latest all-industries wage (mean and median) ' +
        'with its period in the chosen area; plus the sources to cite. ' +
        'Everything a comparison chart needs in one call.',
      querystring: CompareQuery,
      response: {
        200: response(Comparison, 'The careers side by side, with the sources cited'),
        400: problemResponse('Fewer than 2 or more than 5 keys, a key named twice, or another invalid parameter'),
        404: problemResponse('A key names no career; the detail names it'),
      },
    },
  }, async (request) => compareCareers(app.readDb, request.query))
}

export default compareRoutes
