import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { careerProfile, findCareer, InvalidListRequest, listCareers } from '../data/careers.js'
import { HttpProblem } from '../http/problem.js'
import { Career, CareerKeyParams, CareerList, CareerListQuery } from '../schemas/careers.js'
import { problemResponse } from '../schemas/common.js'
import { careerExample, careerListExample, problemExamples } from '../schemas/examples.js'
import { response } from '../schemas/ref.js'

const careerRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/careers', {
    schema: {
      tags: ['careers'],
      operationId: 'listCareers',
      summary: 'Search and list careers',
      description: 'Full-text search over titles, alternate titles, summary and duties, tolerant of typos and word forms, ranked by relevance; or the whole list by title or SOC code. Paginated with an opaque cursor.',
      querystring: CareerListQuery,
      response: {
        200: response(CareerList, 'A page of careers', careerListExample),
        400: problemResponse('A parameter is invalid', problemExamples.validation),
      },
    },
  }, async (request) => {
    try {
      return await listCareers(app.db, request.query)
    } catch (error) {
      if (error instanceof InvalidListRequest) throw HttpProblem.badParameter(`query.${error.parameter}`, error.message)
      throw error
    }
  })

  app.get('/careers/:key', {
    schema: {
      tags: ['careers'],
      operationId: 'getCareer',
      summary: 'A career profile',
      description: 'Education, fields of study, licensure, credentials with issuer and level, related careers by type, and the latest national wage and outlook, each with its source. The key is a slug, a numeric id or a SOC 2018 code.',
      params: CareerKeyParams,
      response: {
        200: response(Career, 'The career profile', careerExample),
        404: problemResponse('No such career', problemExamples.notFound),
      },
    },
  }, async (request) => {
    const career = await findCareer(app.db, request.params.key)
    if (career === undefined) throw HttpProblem.notFound(`No career has the key ${request.params.key}.`)
    return careerProfile(app.db, career)
  })
}

export default careerRoutes
