// One period of a career's wage estimates and one cycle of its projections, as resources of
// their own: GET answers the whole period with its ETag; editors replace it with PUT and
// If-Match of that ETag (the period's, not the career's: editing figures and editing the
// profile do not block each other).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply } from 'fastify'
import { careerByKey } from '../careers/queries.js'
import {
  findCycle, outlookCycle, parsePeriod, putOutlookCycle, putSalaryPeriod, salaryPeriod,
  type OutlookCycleBody, type SalaryPeriodBody,
} from './period-queries.js'
import { errors } from '../../errors.js'
import { authProblems, etagOf, ifMatch, ifMatchHeaders, writeContext } from '../../writes/http.js'
import { NoQuery } from '../careers/schemas.js'
import { problemResponse } from '../../schemas/common.js'
import {
  OutlookCycle, OutlookCycleInput, OutlookCycleParams, SalaryPeriod, SalaryPeriodInput, SalaryPeriodParams,
} from './period-schemas.js'
import { ref, response } from '../../schemas/ref.js'

const PERIOD = ref(SalaryPeriod)
const CYCLE = ref(OutlookCycle)

function answer<T extends object> (
  reply: FastifyReply, key: string, schema: typeof PERIOD | typeof CYCLE, body: T | undefined,
): T {
  if (body === undefined) throw errors.careerNotFound(key)
  reply.header('etag', etagOf(reply, schema, body))
  return body
}

const writeAnswers = (what: string) => ({
  400: problemResponse('A parameter or the body is invalid'),
  ...authProblems,
  404: problemResponse(`No such career${what}`),
  412: problemResponse('The period changed since the ETag was read'),
  415: problemResponse('The body is not JSON'),
  428: problemResponse('If-Match is missing'),
})

const careerPeriodRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/careers/:key/salaries/:period', {
    schema: {
      tags: ['careers'],
      operationId: 'getCareerSalaryPeriod',
      summary: 'A career\'s wage estimates for one period',
      description: 'Every estimate of the period, in every area and industry (empty when none is published). ' +
        'Its ETag is what a PUT of the period sends as If-Match.',
      params: SalaryPeriodParams,
      querystring: NoQuery,
      response: {
        200: response(SalaryPeriod, 'The period\'s estimates'),
        400: problemResponse('A parameter is invalid'),
        404: problemResponse('No such career'),
      },
    },
  }, async (request) => {
    const career = await careerByKey(app.readDb, request.params.key)
    return salaryPeriod(app.readDb, career.soc_code, parsePeriod(request.params.period))
  })

  app.put('/careers/:key/salaries/:period', {
    config: { scope: 'write' },
    schema: {
      tags: ['careers'],
      operationId: 'putCareerSalaryPeriod',
      summary: 'Replace a career\'s wage estimates for one period',
      description: 'Needs the write scope and If-Match with the ETag of GET on this URL ' +
        '(the period\'s, not the career\'s). Replaces every estimate of the period published under the career\'s ' +
        'SOC codes; `{ "data": [] }` removes them. Areas, industries and sources are named by code and must exist. ' +
        'Answers the period as it now is, with its new ETag.',
      params: SalaryPeriodParams,
      headers: ifMatchHeaders('the period'),
      body: ref(SalaryPeriodInput),
      response: { 200: response(SalaryPeriod, 'The period as it now is'), ...writeAnswers('') },
    },
  }, async (request, reply) => {
    const { key, period } = request.params
    const precondition = ifMatch<SalaryPeriodBody>(request, reply, 'the period', PERIOD)
    const written = await putSalaryPeriod(app.db, key, period, request.body, writeContext(request), precondition)
    return answer(reply, key, PERIOD, written)
  })

  app.get('/careers/:key/outlook/:cycle', {
    schema: {
      tags: ['careers'],
      operationId: 'getCareerOutlookCycle',
      summary: 'A career\'s projections for one cycle',
      description: 'The projections published for the career in this cycle (usually one; empty when none). ' +
        'Its ETag is what a PUT of the cycle sends as If-Match.',
      params: OutlookCycleParams,
      querystring: NoQuery,
      response: {
        200: response(OutlookCycle, 'The cycle\'s projections'),
        400: problemResponse('A parameter is invalid'),
        404: problemResponse('No such career or cycle'),
      },
    },
  }, async (request) => {
    const career = await careerByKey(app.readDb, request.params.key)
    return outlookCycle(app.readDb, career.soc_code, await findCycle(app.readDb, request.params.cycle))
  })

  app.put('/careers/:key/outlook/:cycle', {
    config: { scope: 'write' },
    schema: {
      tags: ['careers'],
      operationId: 'putCareerOutlookCycle',
      summary: 'Replace a career\'s projections for one cycle',
      description: 'Needs the write scope and If-Match with the ETag of GET on this URL ' +
        '(the cycle\'s, not the career\'s). The cycle must exist; its SOC version decides which codes the ' +
        'projections may name. `{ "data": [] }` removes them. The descriptor follows from the cycle\'s own bands. ' +
        'Answers the cycle as it now is, with its new ETag.',
      params: OutlookCycleParams,
      headers: ifMatchHeaders('the cycle'),
      body: ref(OutlookCycleInput),
      response: { 200: response(OutlookCycle, 'The cycle as it now is'), ...writeAnswers(' or cycle') },
    },
  }, async (request, reply) => {
    const { key, cycle } = request.params
    const precondition = ifMatch<OutlookCycleBody>(request, reply, 'the cycle', CYCLE)
    const written = await putOutlookCycle(app.db, key, cycle, request.body, writeContext(request), precondition)
    return answer(reply, key, CYCLE, written)
  })
}

export default careerPeriodRoutes
