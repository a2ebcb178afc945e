// The change feed: every editor's change and every import, in commit order, for partners mirroring the data.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { changesAfter } from '../../writes/audit.js'
import { CursorError, decodeCursor, encodeCursor } from '../../http/cursor.js'
import { errors } from '../../errors.js'
import { sendJsonText } from '../../http/json-text.js'
import type { Static } from '@sinclair/typebox'
import { Change, ChangeList, ChangesQuery } from './schemas.js'
import { problemResponse } from '../../schemas/common.js'
import { response } from '../../schemas/ref.js'

const FEED = 'changes'
// Salaries and outlook keys are `<career slug>/salaries/<period>` and `<career slug>/outlook/<cycle>`;
// program and institution keys are their ids.
const PATHS = {
  career: '/v1/careers',
  credential: '/v1/credentials',
  salaries: '/v1/careers',
  outlook: '/v1/careers',
  program: '/v1/programs',
  institution: '/v1/institutions',
} as const

/** Where to GET the resource; a dataset's source is listed among the sources. */
function hrefOf (entity: keyof typeof PATHS | 'dataset', key: string): string {
  return entity === 'dataset' ? '/v1/sources' : `${PATHS[entity]}/${key}`
}

const changeRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/changes', {
    config: { revalidate: true },
    schema: {
      tags: ['changes'],
      operationId: 'listChanges',
      summary: 'Changes since a cursor',
      description: 'Every create, update and delete made by editors, and every import of official data, oldest ' +
        'first, each with the resource as it became (an import: the careers to GET again). Start without ' +
        '`since`, then pass each answer\'s `nextCursor` as `since`; poll with the last one to receive later changes.',
      querystring: ChangesQuery,
      response: {
        200: response(ChangeList, 'Changes, oldest first'),
        400: problemResponse('A parameter is invalid'),
      },
    },
  }, async (request, reply) => {
    let after = 0
    if (request.query.since !== undefined) {
      try {
        after = decodeCursor(request.query.since, FEED, ['number'])[0] as number
      } catch (error) {
        if (error instanceof CursorError) throw errors.invalidCursor('since', error.message)
        throw error
      }
    }
    const rows = await changesAfter(app.readDb, after, request.query.limit)
    const page = rows.slice(0, request.query.limit)
    const body = {
      nextCursor: encodeCursor(FEED, [page.at(-1)?.id ?? after]),
      hasMore: rows.length > page.length,
    } satisfies Omit<Static<typeof ChangeList>, 'data'>
    // Each entry's data is the representation as the write answered it, stored as JSON: sent
    // as that text rather than parsed and serialized again, and kept as it was then (an entry
    // older than a field added since has no such field).
    const entries = page.map((row) => {
      const entry = {
        at: row.at.toISOString(), action: row.action, entity: row.entity, id: row.entityId, key: row.entityKey,
        href: hrefOf(row.entity, row.entityKey),
      } satisfies Omit<Static<typeof Change>, 'data'>
      return `${JSON.stringify(entry).slice(0, -1)},"data":${row.after ?? 'null'}}`
    })
    return sendJsonText(reply, `{"data":[${entries.join(',')}],${JSON.stringify(body).slice(1)}`)
  })
}

export default changeRoutes
