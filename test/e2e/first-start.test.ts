// The embedded default as a new partner meets it: the first start of a server with no data
// folder yet makes it, loads the bundled national dataset and the seed, and serves every
// occupation; a restart keeps the data (the dataset is not loaded twice) and an editor's write.
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import t from 'tap'
import { launch, startServer } from '../helpers/server.js'

t.setTimeout(600_000)
const root = await mkdtemp(path.join(os.tmpdir(), 'career-facts-first-start-'))
t.teardown(() => rm(root, { recursive: true, force: true }))
// Nested and absent, as the default .career-facts/pglite is in a fresh clone.
const env = { PGLITE_DIR: path.join(root, '.career-facts', 'pglite') }

async function stop (server: Awaited<ReturnType<typeof startServer>>): Promise<void> {
  server.kill('SIGTERM')
  await server.exited
}

t.test('first start, a key, a write, and a restart that keeps it', async (t) => {
  const started = Date.now()
  const first = await startServer(t, env)
  t.comment(`first start listening after ${Date.now() - started} ms`)
  const found = await (await fetch(`${first.url}/v1/careers?q=registered%20nurse&limit=1`)).json() as {
    data: Array<{ socCode: string }>
  }
  t.same(found.data.map((career) => career.socCode), ['29-1141'], 'registered nurses, from the bundled dataset')
  const nurses = await (await fetch(`${first.url}/v1/careers/29-1141`)).json() as {
    wage: { period: string }, outlook: { baseYear: number }
  }
  t.match(nurses, { wage: { period: '2024-05' }, outlook: { baseYear: 2024 } })
  await stop(first)

  const keys = launch(t, ['--import', 'tsx', 'src/cli.ts', 'keys', 'create', '--name', 'editor', '--scopes',
    'read,write'], env)
  t.equal((await keys.exited).code, 0, keys.output())
  const key = keys.output().trim().split('\n').at(-1) ?? ''

  const second = await startServer(t, env)
  const url = `${second.url}/v1/careers/registered-nurses`
  const current = await fetch(url)
  const patched = await fetch(url, {
    method: 'PATCH',
    headers: {
      authorization: `Bearer ${key}`, 'if-match': current.headers.get('etag') ?? '',
      'content-type': 'application/json',
    },
    body: JSON.stringify({ summary: 'Care for patients.' }),
  })
  t.equal(patched.status, 200, await patched.clone().text())
  await stop(second)

  const restarted = Date.now()
  const third = await startServer(t, env)
  t.comment(`restart listening after ${Date.now() - restarted} ms`)
  const after = await (await fetch(`${third.url}/v1/careers/registered-nurses`)).json() as { summary: string }
  t.equal(after.summary, 'Care for patients.', 'the editor\'s write survived the restart')
  const feed = await (await fetch(`${third.url}/v1/changes`)).json() as { data: Array<{ entity: string }> }
  t.same(feed.data.map((change) => change.entity), ['dataset', 'career'], 'the dataset was loaded once')
  await stop(third)
})
