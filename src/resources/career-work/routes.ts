// What O*NET says about a career's work, as sub-resources of the career: its technology
// skills, its interest profile and its work styles. Each is small and bounded, so it comes
// whole, with the notices its sources require.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { careerByKey } from '../careers/queries.js'
import { CareerKeyParams, NoQuery } from '../careers/schemas.js'
import { problemResponse } from '../../schemas/common.js'
import { keyedOperation } from '../../schemas/operations.js'
import { response } from '../../schemas/ref.js'
import { careerInterests, careerTechnologySkills, careerWorkStyles } from './queries.js'
import { InterestProfile, TechnologySkillList, WorkStyleList } from './schemas.js'

const notFound = problemResponse('No such career')
const badRequest = problemResponse('A parameter is invalid')

const ONE_RECORD = 'An occupation\'s data come from one O*NET-SOC record: its own (`.00`), else, where O*NET rates ' +
  'it only through its specialties, the lowest-numbered specialty it rates, which `from` names. Editorial ' +
  'careers have none of their own: see their `occupation`\'s.'

const careerWorkRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/careers/:key/technology-skills', {
    schema: keyedOperation({
      tags: ['careers'],
      operationId: 'listCareerTechnologySkills',
      summary: 'The technology a career works with',
      description: 'O*NET\'s technology skills: kinds of software and equipment (UNSPSC commodities), each with ' +
        'example products and whether they are hot technologies (frequent in employers\' job postings) or in ' +
        'demand for this occupation. Grouped by commodity, hot ones first, then in-demand ones, then by title. ' +
        ONE_RECORD,
      params: CareerKeyParams,
      querystring: NoQuery,
    }, response(TechnologySkillList, 'The technology skills, hot ones first'), notFound, badRequest),
  }, async (request) => {
    const career = await careerByKey(app.readDb, request.params.key)
    return careerTechnologySkills(app.readDb, career.id)
  })

  app.get('/careers/:key/interests', {
    schema: keyedOperation({
      tags: ['careers'],
      operationId: 'getCareerInterests',
      summary: 'A career\'s interest profile (RIASEC)',
      description: 'O*NET\'s six occupational interest scores (Realistic, Investigative, Artistic, Social, ' +
        'Enterprising, Conventional; 1–7) in that order, and the interest code of the three highest. ' + ONE_RECORD,
      params: CareerKeyParams,
      querystring: NoQuery,
    }, response(InterestProfile, 'The six scores and the interest code'), notFound, badRequest),
  }, async (request) => {
    const career = await careerByKey(app.readDb, request.params.key)
    return careerInterests(app.readDb, career.id)
  })

  app.get('/careers/:key/work-styles', {
    schema: keyedOperation({
      tags: ['careers'],
      operationId: 'listCareerWorkStyles',
      summary: 'The work styles a career asks for',
      description: 'O*NET\'s work styles (personal characteristics such as attention to detail or stress ' +
        'tolerance) with their importance, 1–5, most important first. ' + ONE_RECORD,
      params: CareerKeyParams,
      querystring: NoQuery,
    }, response(WorkStyleList, 'The work styles, most important first'), notFound, badRequest),
  }, async (request) => {
    const career = await careerByKey(app.readDb, request.params.key)
    return careerWorkStyles(app.readDb, career.id)
  })
}

export default careerWorkRoutes
