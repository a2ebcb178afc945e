// What a partner does: generate a TypeScript client from the committed contract, type-check
// a program against it, and run that program against the service.
import { execFile } from 'node:child_process'
import { copyFile, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import t from 'tap'
import * as seed from '../../src/seed/reference-page.js'
import { setupApp } from '../helpers/app.js'
import { childEnv } from '../helpers/server.js'

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

t.test('the program fetches a career, its salaries and a comparison, and searches, ' +
  'against the running service', async (t) => {
  const { app } = await setupApp(t)
  const url = await app.listen({ host: '127.0.0.1', port: 0 })
  const { stdout } = await run(process.execPath, ['--import', 'tsx', 'careers.ts', 'health-information-technician'], {
    cwd: dir, env: { ...childEnv(), CAREER_FACTS_URL: url },
  })
  const result = JSON.parse(stdout) as {
    career: Record<string, unknown>
    salaries: unknown[]
    comparison: unknown[]
    search: string[]
  }
  // What the seed holds for the two careers, and for the SOC 2010 codes they were published under.
  const facts = (slug: string) => {
    const career = seed.careers.find((c) => c.slug === slug)
    const wage = seed.wages.find((w) => career?.soc2010Codes.includes(w.socCode) && w.industry === null)
    const projection = seed.projections.find((p) => career?.soc2010Codes.includes(p.socCode))
    return { career, wage, projection }
  }
  const technician = facts('health-information-technician')
  const manager = facts('health-information-manager')
  t.same(result.career, {
    slug: technician.career?.slug,
    title: technician.career?.title,
    socCode: technician.career?.socCode,
    annualMean: technician.wage?.annualMean,
  })
  t.same(result.salaries, [{ period: '2015-05', annualMean: technician.wage?.annualMean }], 'its salaries')
  t.same(result.comparison, [technician, manager].map(({ career, wage, projection }) => ({
    slug: career?.slug, growthPercent: projection?.changePercent, annualMean: wage?.annualMean,
  })), 'a comparison with the manager')
  t.ok(result.search.includes('medical-records-administrator'), 'search found the reference career')

  const missing = await run(process.execPath, ['--import', 'tsx', 'careers.ts', 'nurse-astronaut'], {
    cwd: dir, env: { ...childEnv(), CAREER_FACTS_URL: url },
  }).then(() => '', (error: { stderr: string }) => error.stderr)
  t.match(missing, /404: No career has the key nurse-astronaut/, 'problems reach the program with their detail')
})
