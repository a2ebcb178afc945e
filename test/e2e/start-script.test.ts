// `npm start` (scripts/start.mjs) runs the server from dist/, transpiled from src/ and
// migrations/ just before: checked on a copy of the project, with a port the config refuses
// so that the server exits (status 2) as soon as it has been imported.
import { execFile } from 'node:child_process'
import { cp, mkdir, mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import t from 'tap'
import { childEnv } from '../helpers/server.js'

const root = process.cwd()
const dir = await mkdtemp(path.join(os.tmpdir(), 'career-facts-start-'))
t.teardown(() => rm(dir, { recursive: true, force: true }))
for (const part of ['src', 'migrations', 'scripts', 'package.json']) {
  await cp(path.join(root, part), path.join(dir, part), { recursive: true })
}
await symlink(path.join(root, 'node_modules'), path.join(dir, 'node_modules'), 'dir')

/** Runs the start script; resolves with its exit status and what it printed on stderr. */
function start (): Promise<{ code: number | null, stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['scripts/start.mjs'], {
      cwd: dir, env: { ...childEnv(), PORT: 'not-a-port' },
    }, (error, _stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : null, stderr })
    })
  })
}

const dist = (file: string): string => path.join(dir, 'dist', file)
const exists = (file: string): Promise<boolean> => stat(file).then(() => true, () => false)

t.test('it transpiles the project into dist/ and runs the server from there', async (t) => {
  await mkdir(dist('migrations'), { recursive: true })
  await mkdir(dist('bench'), { recursive: true })
  await writeFile(dist('gone.js'), 'export {}\n')
  await writeFile(dist('migrations/20000101T0000_gone.js'), 'export {}\n')
  await writeFile(dist('bench/reference.js'), 'export {}\n')

  const first = await start()
  t.equal(first.code, 2, 'the server ran and refused the port')
  t.match(first.stderr, /PORT/)
  t.ok(await exists(dist('server.js')), 'dist/server.js')
  t.ok(await exists(dist('server.js.map')), 'with its source map')
  t.ok(await exists(dist('schemas/examples.json')), 'JSON modules copied')
  t.ok(await exists(dist('migrations/20261128T1300_initial_schema.js')), 'the migrations too')
  t.notOk(await exists(dist('gone.js')), 'a module whose source is gone is removed')
  t.notOk(await exists(dist('migrations/20000101T0000_gone.js')), 'a migration whose source is gone is removed')
  t.ok(await exists(dist('bench/reference.js')), 'the benchmark\'s servers are left alone')

  const built = (await stat(dist('app.js'))).mtimeMs
  t.equal((await start()).code, 2)
  t.equal((await stat(dist('app.js'))).mtimeMs, built, 'nothing changed: nothing is written again')

  await writeFile(path.join(dir, 'src/app.ts'),
    `${await readFile(path.join(dir, 'src/app.ts'), 'utf8')}\nexport const startScriptMarker = 'changed'\n`)
  t.equal((await start()).code, 2)
  t.match(await readFile(dist('app.js'), 'utf8'), /startScriptMarker/, 'a changed source is transpiled again')
})
