// Refuses text holding the NUL character (U+0000) before it reaches a query. Postgres
// cannot store it in text and fails the whole statement (the embedded database quietly
// accepts it), so without this check `/v1/careers/%00` answered 500 on Postgres alone.
// Paths, query strings and headers are checked on arrival, before any hook looks a value
// up; bodies once parsed. Keys count as well as values: a body field named "a\u0000" is as
// unstorable as a value.
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { errors, joinName, type RequestPart } from '../errors.js'

const NUL = '\u0000'

/** The dotted name (under `name`) of the first field under `value` holding NUL, or null. */
function nulAt (value: unknown, name: string): string | null {
  if (typeof value === 'string') return value.includes(NUL) ? name : null
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = nulAt(item, joinName(name, String(i)))
      if (found !== null) return found
    }
    return null
  }
  if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      const field = joinName(name, key)
      if (key.includes(NUL)) return field
      const found = nulAt(item, field)
      if (found !== null) return found
    }
  }
  return null
}

function refuseNul (value: unknown, part: RequestPart): void {
  const found = nulAt(value, '')
  if (found !== null) throw errors.nulCharacter(found, part)
}

async function nulGuardPlugin (app: FastifyInstance): Promise<void> {
  app.addHook('onRequest', async (request) => {
    refuseNul(request.params, 'path')
    refuseNul(request.query, 'query')
    refuseNul(request.headers, 'header')
  })
  app.addHook('preValidation', async (request) => {
    refuseNul(request.body, 'body')
  })
}

export default fp(nulGuardPlugin, { name: 'nul-guard', fastify: '5.x' })
