// What a partner does: generate a TypeScript client from the committed contract, type-check
// a program against it, and run that program against the service.
import { execFile } from 'node:child_process'
import { copyFile, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import t from 'tap'
import { setupApp } from '../helpers/app.js'
import { childEnv } from '../helpers/server.js'
import { expectedOutput, searchFinds, type ProgramOutput } from './client-program.js'

const run = promisify(execFile)
const root = process.cwd()

const dir = await mkdtemp(path.join(os.tmpdir(), 'career-facts-client-'))
t.teardown(() => rm(dir, { recursive: true, force: true }))
// The program's imports (openapi-fetch, tsx) resolve from the project's packages.
await symlink(path.join(root, 'node_modules'), path.join(dir, 'node_modules'), 'dir')
await writeFile(path.join(dir, 'package.json'), '{ "type": "module" }\n')
await copyFile(path.join(root, 'examples/client/careers.ts'), path.join(dir, 'careers.ts'))

const tsc = (file: string) => run(process.execPath, [
  path.join(root, 'node_modules/typescript/bin/tsc'), '--noEmit', '--strict', '--skipLibCheck',
  '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--types', 'node', file,
], { cwd: dir })

t.test('openapi-typescript generates types from the committed document', async (t) => {
  await run(process.execPath, [
    path.join(root, 'node_modules/openapi-typescript/bin/cli.js'),
    path.join(root, 'openapi/openapi.json'),
    '-o',
    path.join(dir, 'schema.d.ts'),
  ], { cwd: root })
  await t.resolves(tsc('careers.ts'), 'the example program type-checks against the generated client')

  // The types are real: a field the contract does not have is a compile error.
  await writeFile(path.join(dir, 'wrong.ts'), `import createClient from 'openapi-fetch'
import type { paths } from './schema.js'
const { data } = await createClient<paths>({ baseUrl: 'http://x' }).GET('/v1/careers/{key}', { params: { path: { key: 'x' } } })
export const salary: number | undefined = data?.salary
`)
  const wrong = await tsc('wrong.ts').then(() => '', (error: { stdout: string }) => error.stdout)
  t.match(wrong, /Property 'salary' does not exist/)
})

t.test('the program fetches a career, revalidates it (304), its salaries, a comparison, a search ' +
  'and a problem, against the running service', async (t) => {
  const { app } = await setupApp(t)
  const url = await app.listen({ host: '127.0.0.1', port: 0 })
  const { stdout } = await run(process.execPath, ['--import', 'tsx', 'careers.ts', 'health-information-technician'], {
    cwd: dir, env: { ...childEnv(), CAREER_FACTS_URL: url },
  })
  const output = JSON.parse(stdout) as ProgramOutput
  const expected = await expectedOutput(app)
  // Field by field, so a failure names what the program got wrong.
  for (const [field, value] of Object.entries(expected)) t.same(output[field as keyof ProgramOutput], value, field)
  t.ok(output.search.includes(searchFinds), 'search found the reference career')

  const missing = await run(process.execPath, ['--import', 'tsx', 'careers.ts', 'nurse-astronaut'], {
    cwd: dir, env: { ...childEnv(), CAREER_FACTS_URL: url },
  }).then(() => '', (error: { stderr: string }) => error.stderr)
  t.match(missing, /404: No career has the key nurse-astronaut/,
    'a problem ok() meets stops the program with its detail')
})
