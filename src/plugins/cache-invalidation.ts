// Keeps the AnswerCache true to the data. Every committed change is announced by the
// database (triggers on the data tables), whoever made it: this instance, another one, an
// import, psql. This instance's own successful writes also empty it at once, before their
// answer leaves, so a client reading its own write never waits for the announcement.
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import type { ChangeFeed } from '../db/changes.js'
import type { AnswerCache } from '../http/answer-cache.js'

export interface CacheInvalidationOptions {
  answers: AnswerCache
  changes: ChangeFeed
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

async function cacheInvalidationPlugin (
  app: FastifyInstance,
  { answers, changes }: CacheInvalidationOptions,
): Promise<void> {
  const unsubscribe = await changes.subscribe({
    changed: () => answers.invalidate(),
    listening: (heard, error) => {
      answers.activate(heard)
      if (heard) app.log.info('listening for data changes; answer cache on')
      else app.log.warn({ err: error }, 'data changes no longer heard; answer cache off until listening again')
    },
  })
  app.addHook('onClose', unsubscribe)

  app.addHook('onSend', async (request, reply, payload) => {
    if (!SAFE_METHODS.has(request.method) && reply.statusCode < 300) answers.invalidate()
    return payload
  })
}

export default fp(cacheInvalidationPlugin, { name: 'cache-invalidation', fastify: '5.x' })
