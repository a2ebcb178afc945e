import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { careerByKey, relatedCareers } from './queries.js'
import { careerProfileText } from './profile-json.js'
import { sendJsonText } from '../../http/json-text.js'
import { errors } from '../../errors.js'
import { listCareers } from './list-queries.js'
import { careerCredentials } from '../credentials/queries.js'
import { careerProjections } from '../career-figures/projection-queries.js'
import { careerWages } from '../career-figures/wage-queries.js'
import {
  Career, CareerKeyParams, CareerList, CareerListQuery, NoQuery, RelatedCareerList, RelatedQuery,
} from './schemas.js'
import { problemResponse } from '../../schemas/common.js'
import { keyedOperation, listOperation } from '../../schemas/operations.js'
import { CareerCredentialList } from '../credentials/schemas.js'
import { ProjectionList } from '../career-figures/projection-schemas.js'
import { response } from '../../schemas/ref.js'
import { SalaryQuery, WageEstimateList } from '../career-figures/wage-schemas.js'

const notFound = problemResponse('No such career')
const badRequest = problemResponse('A parameter is invalid')

const careerRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/careers', {
    schema: listOperation({
      tags: ['careers'],
      operationId: 'listCareers',
      summary: 'Search and list careers',
      description: 'Full-text search over titles, alternate titles, summary and duties, tolerant of typos and ' +
        'word forms, ranked by relevance; or the whole list by title or SOC code. Paginated with an opaque cursor.',
      querystring: CareerListQuery,
    }, response(CareerList, 'A page of careers'), badRequest),
  }, async (request) => listCareers(app.readDb, request.query))

  app.get('/careers/:key', {
    schema: keyedOperation({
      tags: ['careers'],
      operationId: 'getCareer',
      summary: 'A career profile',
      description: 'Education, fields of study, licensure, credentials with issuer and level, related careers ' +
        'by type, and the latest national wage and outlook, each with its source. ' +
        'The key is a slug, a numeric id or a SOC 2018 code.',
      params: CareerKeyParams,
      querystring: NoQuery,
    }, response(Career, 'The career profile'), notFound, badRequest),
  }, async (request, reply) => {
    const text = await careerProfileText(app.readDb, request.params.key)
    if (text === undefined) throw errors.careerNotFound(request.params.key)
    return sendJsonText(reply, text)
  })

  app.get('/careers/:key/salaries', {
    schema: keyedOperation({
      tags: ['careers'],
      operationId: 'listCareerSalaries',
      summary: 'A career\'s wage estimates',
      description: 'Wage estimates as published, newest first: history across years in one call ' +
        '(before 2018 through the career\'s SOC 2010 codes, each estimate keeping the code and title it was ' +
        'published under). One area (default US); all industries combined by default, one NAICS industry, ' +
        'or `industry=any` for every industry. Figures the source does not publish are null with the reason in ' +
        '`footnotes`; top-coded figures are floors (`at-or-above`). Paginated with an opaque cursor.',
      params: CareerKeyParams,
      querystring: SalaryQuery,
    }, response(WageEstimateList, 'Wage estimates, newest first'), notFound, badRequest),
  }, async (request) => {
    const career = await careerByKey(app.readDb, request.params.key)
    return careerWages(app.readDb, career.soc_code, request.query)
  })

  app.get('/careers/:key/outlook', {
    schema: keyedOperation({
      tags: ['careers'],
      operationId: 'listCareerOutlook',
      summary: 'A career\'s job outlook, every projection cycle',
      description: 'Base and target year and employment, numeric and percent change, annual openings, ' +
        'and the descriptor the cycle\'s own bands give the change; newest cycle first.',
      params: CareerKeyParams,
      querystring: NoQuery,
    }, response(ProjectionList, 'Every projection cycle, newest first'), notFound, badRequest),
  }, async (request) => {
    const career = await careerByKey(app.readDb, request.params.key)
    return careerProjections(app.readDb, career.soc_code)
  })

  app.get('/careers/:key/credentials', {
    schema: keyedOperation({
      tags: ['careers', 'credentials'],
      operationId: 'listCareerCredentials',
      summary: 'The credentials a career asks for',
      description: 'Certifications, licenses and certificates with issuer or jurisdiction, requirements, ' +
        'renewal and source, and the level this career asks for each (required first).',
      params: CareerKeyParams,
      querystring: NoQuery,
    }, response(CareerCredentialList, 'The credentials, required first'),
    notFound, badRequest),
  }, async (request) => {
    const career = await careerByKey(app.readDb, request.params.key)
    return { data: await careerCredentials(app.readDb, career.id) }
  })

  app.get('/careers/:key/related', {
    schema: keyedOperation({
      tags: ['careers'],
      operationId: 'listRelatedCareers',
      summary: 'Careers related to a career',
      description: 'Typed relations (specialization, advancement, alternative, similar) read from both ends: ' +
        '`direction` tells which end this career is.',
      params: CareerKeyParams,
      querystring: RelatedQuery,
    }, response(RelatedCareerList, 'The related careers'), notFound, badRequest),
  }, async (request) => {
    const career = await careerByKey(app.readDb, request.params.key)
    return relatedCareers(app.readDb, career.id, request.query)
  })
}

export default careerRoutes
