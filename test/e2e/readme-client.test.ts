// The README's "Generating a client" works as written: its marked blocks, run verbatim in an empty
// folder outside the repository (a real `npm install` from the registry), against the service.
import { execFile } from 'node:child_process'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import t from 'tap'
import { setupApp } from '../helpers/app.js'
import { expectedOutput, searchFinds, type ProgramOutput } from './client-program.js'

const run = promisify(execFile)
const root = process.cwd()

type Step = { kind: 'sh', text: string } | { kind: 'file', name: string, text: string }

/** The section's marked blocks in order: `<!-- client-example:sh -->` or `…:file <name> -->`, then a fence. */
function steps (readme: string): Step[] {
  const start = readme.indexOf('## Generating a client\n')
  const end = readme.indexOf('\n## ', start + 1)
  const section = readme.slice(start, end === -1 ? undefined : end)
  const marked = /<!-- client-example:(sh|file ([\w.-]+)) -->\n```\w*\n([\s\S]*?)^```$/gm
  return [...section.matchAll(marked)].map(([, kind, name, text]) =>
    kind === 'sh' ? { kind: 'sh', text: text ?? '' } : { kind: 'file', name: name ?? '', text: text ?? '' })
}

/**
 * A partner's shell: this environment without what npm, tap and the repository add to it (npm_*
 * settings, tap's NODE_OPTIONS, node_modules/.bin on PATH), so that nothing installed here can
 * stand in for what the README's commands install.
 */
function partnerEnv (): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [name, value] of Object.entries(process.env)) {
    if (/^(npm_|tap|_tapjs|node_options$)/i.test(name)) continue
    env[name] = name === 'PATH'
      ? value?.split(path.delimiter).filter((entry) => !entry.includes('node_modules')).join(path.delimiter)
      : value
  }
  return env
}

const readme = await readFile(path.join(root, 'README.md'), 'utf8')
const blocks = steps(readme)

t.test('the section marks its commands and its program', async (t) => {
  t.ok(blocks.filter((step) => step.kind === 'sh').length >= 2, 'set-up and run commands')
  const program = blocks.find((step) => step.kind === 'file' && step.name === 'careers.ts')
  t.equal(program?.text, await readFile(path.join(root, 'examples/client/careers.ts'), 'utf8'),
    "the README's careers.ts is examples/client/careers.ts, which client.test.ts runs too")
  t.match(blocks.filter((step) => step.kind === 'sh').map((step) => step.text).join('\n'),
    /npm install .*@types\/node/, 'the set-up installs what the type-check needs')
})

// Reachable is all that is asked of the registry; the install itself must then succeed.
const registry = await run('npm', ['ping'], { env: partnerEnv(), timeout: 30_000 }).then(() => true, () => false)
const skip = registry ? false : "the npm registry is unreachable: the README's `npm install` cannot run"

t.test('followed in an empty folder, the section fetches a career, a 304 and a problem', { skip }, async (t) => {
  const { app } = await setupApp(t)
  const url = await app.listen({ host: '127.0.0.1', port: 0 })
  const base = await mkdtemp(path.join(os.tmpdir(), 'career-facts-readme-'))
  t.teardown(() => rm(base, { recursive: true, force: true }))
  // npm init -y names the package after the folder, and mkdtemp's suffix may hold capitals npm refuses.
  const dir = path.join(base, 'partner')
  await mkdir(dir)

  const env = { ...partnerEnv(), CAREER_FACTS_URL: url }
  let output = ''
  for (const step of blocks) {
    if (step.kind === 'file') {
      await writeFile(path.join(dir, step.name), step.text)
      continue
    }
    // bash -e: as a partner would, stop at the first command that fails.
    const result = await run('bash', ['-e', '-c', step.text], { cwd: dir, env, timeout: 240_000 })
      .catch((error: { stdout: string, stderr: string, message: string }) => {
        throw new Error(`${step.text}\nfailed: ${error.message}\n${error.stdout}\n${error.stderr}`)
      })
    output = result.stdout
  }

  // The last block runs the program: its output is the program's.
  const printed = JSON.parse(output) as ProgramOutput
  const expected = await expectedOutput(app)
  // Field by field, so a failure names what the program got wrong.
  for (const [field, value] of Object.entries(expected)) t.same(printed[field as keyof ProgramOutput], value, field)
  t.ok(printed.search.includes(searchFinds), 'search found the reference career')
})
