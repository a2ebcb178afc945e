import t from 'tap'
import { strongEtag } from '../../../src/http/etag.js'
import { setupApp } from '../../helpers/app.js'
import { bearer, createKey } from '../../helpers/keys.js'

const { app, database } = await setupApp(t)
const auth = bearer(await createKey(database.db, 'feed-editor', 'read,write'))

interface Change {
  action: string
  entity: string
  id: number
  key: string
  href: string
  data: Record<string, unknown> | null
}
interface Feed { data: Change[], nextCursor: string, hasMore: boolean }

async function feed (query = ''): Promise<Feed> {
  const response = await app.inject({ url: `/v1/changes${query}` })
  t.equal(response.statusCode, 200, response.body)
  return response.json<Feed>()
}

async function etag (key: string): Promise<string> {
  return strongEtag((await app.inject({ url: `/v1/careers/${key}` })).body)
}

t.test('a partner mirrors every change incrementally', async (t) => {
  const start = await feed()
  t.same(start.data, [], 'nothing has changed yet')
  t.equal(start.hasMore, false)

  const created = await app.inject({
    method: 'POST',
    url: '/v1/careers',
    headers: auth,
    payload: { slug: 'records-clerk', title: 'Records Clerk' },
  })
  t.equal(created.statusCode, 201)
  const patched = await app.inject({
    method: 'PATCH',
    url: '/v1/careers/records-clerk',
    headers: { ...auth, 'if-match': await etag('records-clerk') },
    payload: { summary: 'Files records.' },
  })
  t.equal(patched.statusCode, 200)

  const first = await feed(`?since=${encodeURIComponent(start.nextCursor)}&limit=1`)
  t.match(first.data, [{
    action: 'create',
    entity: 'career',
    key: 'records-clerk',
    href: '/v1/careers/records-clerk',
    data: { summary: null },
  }])
  t.equal(first.hasMore, true)
  const second = await feed(`?since=${encodeURIComponent(first.nextCursor)}&limit=1`)
  t.match(second.data, [{ action: 'update', key: 'records-clerk', data: { summary: 'Files records.' } }])
  t.same(second.data[0]?.data, patched.json(), 'the change carries the resource exactly as the write answered it')
  const idle = await feed(`?since=${encodeURIComponent(second.nextCursor)}`)
  t.same(idle.data, [])
  t.equal(idle.nextCursor, second.nextCursor, 'polling an idle feed keeps the cursor')

  const deleted = await app.inject({
    method: 'DELETE',
    url: '/v1/careers/records-clerk',
    headers: { ...auth, 'if-match': await etag('records-clerk') },
  })
  t.equal(deleted.statusCode, 204)
  const last = await feed(`?since=${encodeURIComponent(idle.nextCursor)}`)
  t.match(last.data, [{ action: 'delete', key: 'records-clerk', data: null }])
  t.equal((await feed()).data.length, 3, 'from the start, the whole history')
})

t.test('the feed names editors nowhere and rejects foreign cursors', async (t) => {
  const response = await app.inject({ url: '/v1/changes' })
  t.notMatch(response.body, /feed-editor/)
  for (const since of ['garbage', Buffer.from('{"f":"other","k":[1]}').toString('base64url')]) {
    const bad = await app.inject({ url: `/v1/changes?since=${since}` })
    t.equal(bad.statusCode, 400)
    t.match(bad.json(), { errors: [{ name: 'query.since' }] })
  }
  t.equal((await app.inject({ url: '/v1/changes?limit=501' })).statusCode, 400)
})
