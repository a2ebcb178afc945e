import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { sql } from 'kysely'
import { pendingMigrations } from '../db/migrate.js'
import { HttpProblem, problem } from '../http/problem.js'
import { ProbeStatus, problemResponse } from '../schemas/common.js'
import { problemExamples } from '../schemas/examples.js'
import { response } from '../schemas/ref.js'

const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/healthz', {
    config: { cache: false },
    schema: {
      tags: ['health'],
      operationId: 'getLiveness',
      summary: 'Liveness',
      description: 'Answers 200 while the process serves requests; it does not touch the database.',
      response: { 200: response(ProbeStatus, 'The process serves requests', { status: 'ok' }) },
    },
  }, async () => ({ status: 'ok' }))

  app.get('/readyz', {
    config: { cache: false },
    schema: {
      tags: ['health'],
      operationId: 'getReadiness',
      summary: 'Readiness',
      description: 'Answers 200 when the database answers and every migration is applied; 503 otherwise.',
      response: { 200: response(ProbeStatus, 'Ready for traffic', { status: 'ready' }), 503: problemResponse('Not ready', problemExamples.notReady) },
    },
  }, async () => {
    let pending: string[]
    try {
      await sql`select 1`.execute(app.db)
      pending = await pendingMigrations(app.db)
    } catch {
      throw new HttpProblem(problem(503, 'The database does not answer.', { kind: 'not-ready' }))
    }
    if (pending.length > 0) {
      throw new HttpProblem(problem(503, `Migrations not applied: ${pending.join(', ')}.`, { kind: 'not-ready' }))
    }
    return { status: 'ready' }
  })
}

export default healthRoutes
