// A partner's mirror built from the change feed stays equal to the source across editors'
// writes and an import of official data: the mirror copies every career once, then applies
// each change (an editor's change carries the resource; an import names the careers to GET
// again) and ends with the same answers as the source.
import path from 'node:path'
import t from 'tap'
import { importFile } from '../../../src/import/index.js'
import { afterChange, setupApp } from '../../helpers/app.js'
import { bearer, createKey } from '../../helpers/keys.js'

const { app, database } = await setupApp(t, { rateLimitMax: 1_000_000 })
const auth = bearer(await createKey(database.db, 'mirror-editor', 'read,write'))

interface Change { entity: string, action: string, key: string, href: string, data: Record<string, unknown> | null }
interface Feed { data: Change[], nextCursor: string, hasMore: boolean }

async function get<T> (url: string): Promise<T> {
  const response = await app.inject({ url })
  if (response.statusCode !== 200) throw new Error(`${url}: ${response.statusCode} ${response.body}`)
  return response.json<T>()
}

async function careerKeys (): Promise<string[]> {
  const keys: string[] = []
  let cursor: string | null = null
  do {
    const page: { data: Array<{ slug: string }>, nextCursor: string | null } =
      await get(`/v1/careers?limit=100${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`)
    keys.push(...page.data.map((career) => career.slug))
    cursor = page.nextCursor
  } while (cursor !== null)
  return keys.sort()
}

/** The mirror: every career's profile by key, and the cursor it has read the feed to. */
const mirror = new Map<string, unknown>()
let since = (await get<Feed>('/v1/changes')).nextCursor
for (const key of await careerKeys()) mirror.set(key, await get(`/v1/careers/${key}`))

async function replay (): Promise<Change[]> {
  const seen: Change[] = []
  for (;;) {
    const feed = await get<Feed>(`/v1/changes?since=${encodeURIComponent(since)}&limit=500`)
    for (const change of feed.data) {
      seen.push(change)
      if (change.entity === 'career') {
        if (change.action === 'delete') mirror.delete(change.key)
        else mirror.set(change.key, change.data)
      } else if (change.entity === 'dataset') {
        for (const key of change.data?.careers as string[]) mirror.set(key, await get(`/v1/careers/${key}`))
      }
    }
    since = feed.nextCursor
    if (!feed.hasMore) return seen
  }
}

t.test('editors\' writes and an import, replayed, leave the mirror equal to the source', async (t) => {
  const technician = await app.inject({ url: '/v1/careers/health-information-technician' })
  const patched = await app.inject({
    method: 'PATCH', url: '/v1/careers/health-information-technician',
    headers: { ...auth, 'if-match': technician.headers.etag as string },
    payload: { summary: 'Keeps health records accurate.' },
  })
  t.equal(patched.statusCode, 200, patched.body)
  const created = await app.inject({
    method: 'POST', url: '/v1/careers', headers: auth, payload: { slug: 'coding-auditor', title: 'Coding Auditor' },
  })
  t.equal(created.statusCode, 201)

  const fixture = (file: string) => path.resolve('test/fixtures', file)
  await afterChange(app, () => importFile(database.db, 'soc', fixture('soc/soc_structure_2018.xlsx')))
  await afterChange(app, () => importFile(database.db, 'oews', fixture('oews/national_M2024_dl.xlsx')))
  const again = await afterChange(app, () => importFile(database.db, 'oews', fixture('oews/national_M2024_dl.xlsx')))
  t.equal(again.totals.inserted + again.totals.updated, 0, 'a second, unchanged import')

  const removed = await app.inject({ url: '/v1/careers/coding-auditor' })
  t.equal((await app.inject({
    method: 'DELETE',
    url: '/v1/careers/coding-auditor',
    headers: { ...auth, 'if-match': removed.headers.etag as string },
  })).statusCode, 204)

  const changes = await replay()
  t.same(changes.map((change) => `${change.entity} ${change.action} ${change.key}`), [
    'career update health-information-technician',
    'career create coding-auditor',
    'dataset update soc-2018-structure',
    'dataset update bls-oews-2024-05',
    'career delete coding-auditor',
  ], 'each import that wrote something is one entry; the unchanged one is none')
  const oews = changes[3]
  t.match(oews, {
    href: '/v1/sources', data: { file: 'national_M2024_dl.xlsx', kind: 'oews', sources: ['bls-oews-2024-05'] },
  })
  t.ok((oews?.data?.careers as string[]).includes('health-information-technician'),
    'the editorial career showing the occupation\'s new figures is named too')

  const source = new Map<string, unknown>()
  for (const key of await careerKeys()) source.set(key, await get(`/v1/careers/${key}`))
  t.same([...mirror.keys()].sort(), [...source.keys()], 'the same careers')
  for (const [key, body] of source) t.same(mirror.get(key), body, key)
})
