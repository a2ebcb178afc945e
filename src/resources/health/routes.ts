import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { sql } from 'kysely'
import type { Db } from '../../db/connect.js'
import { pendingMigrations } from '../../db/migrate.js'
import { errors } from '../../errors.js'
import { ProbeStatus, problemResponse } from '../../schemas/common.js'
import { notReadyExample } from '../../schemas/examples.js'
import { response } from '../../schemas/ref.js'

// A probe must answer promptly: during an outage a query may wait for a connection up to
// the pool's connection timeout (2 s), longer than orchestrators' probes usually allow.
const READY_WITHIN_MS = 1000

/** The migrations not applied yet; rejects when the database does not answer within READY_WITHIN_MS. */
async function answeringWithin (db: Db): Promise<string[]> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${READY_WITHIN_MS} ms`)), READY_WITHIN_MS)
  })
  const check = async (): Promise<string[]> => {
    await sql`select 1`.execute(db)
    return pendingMigrations(db)
  }
  try {
    return await Promise.race([check(), late])
  } finally {
    clearTimeout(timer)
  }
}

const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/healthz', {
    config: { cache: false },
    schema: {
      tags: ['health'],
      operationId: 'getLiveness',
      summary: 'Liveness',
      description: 'Answers 200 while the process serves requests; it does not touch the database.',
      response: { 200: response(ProbeStatus, 'The process serves requests') },
    },
  }, async () => ({ status: 'ok' }))

  app.get('/readyz', {
    config: { cache: false },
    schema: {
      tags: ['health'],
      operationId: 'getReadiness',
      summary: 'Readiness',
      description: 'Answers 200 when the database (and the read replica, when one is set) answers and every ' +
        'migration is applied there; 503 otherwise.',
      response: {
        200: response(ProbeStatus, 'Ready for traffic'),
        503: problemResponse('Not ready', notReadyExample),
      },
    },
  }, async () => {
    // The replica serves the reads, so it must answer and have the schema the queries expect.
    const checks = app.readDb === app.db ? [{ db: app.db, name: 'database', replica: false }] : [
      { db: app.db, name: 'database', replica: false },
      { db: app.readDb, name: 'read replica', replica: true },
    ]
    for (const { db, name, replica } of checks) {
      let pending: string[]
      try {
        pending = await answeringWithin(db)
      } catch {
        throw errors.probeFailed(name)
      }
      if (pending.length > 0) throw errors.migrationsPending(pending, replica)
    }
    return { status: 'ready' }
  })
}

export default healthRoutes
