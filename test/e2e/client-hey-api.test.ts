// A second generator: @hey-api/openapi-ts, with the settings in examples/hey-api/, builds a client
// from the committed document that type-checks and runs against the service, and the schemas'
// named types come out under the same names, and the same shapes, as openapi-typescript's.
import { execFile } from 'node:child_process'
import { copyFile, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import t from 'tap'
import ts from 'typescript'
import { setupApp } from '../helpers/app.js'
import { childEnv } from '../helpers/server.js'
import { expectedOutput, searchFinds, type ProgramOutput } from './client-program.js'

const run = promisify(execFile)
const root = process.cwd()
const bin = (file: string) => path.join(root, 'node_modules', file)

// The repository's layout, so the config's paths (relative to where it runs) hold as they do at its
// root: openapi/openapi.json and examples/hey-api/; packages come from the project.
const dir = await mkdtemp(path.join(os.tmpdir(), 'career-facts-hey-api-'))
t.teardown(() => rm(dir, { recursive: true, force: true }))
await symlink(path.join(root, 'node_modules'), path.join(dir, 'node_modules'), 'dir')
await writeFile(path.join(dir, 'package.json'), '{ "type": "module" }\n')
await mkdir(path.join(dir, 'openapi'))
await mkdir(path.join(dir, 'examples/hey-api'), { recursive: true })
// Read now: the document may be regenerated while the test runs; both generators get this copy.
await copyFile(path.join(root, 'openapi/openapi.json'), path.join(dir, 'openapi/openapi.json'))
for (const file of ['careers.ts', 'openapi-ts.config.ts']) {
  await copyFile(path.join(root, 'examples/hey-api', file), path.join(dir, 'examples/hey-api', file))
}
const generated = path.join(dir, 'examples/hey-api/generated')

const tsc = (file: string) => run(process.execPath, [
  bin('typescript/bin/tsc'), '--noEmit', '--strict', '--skipLibCheck',
  '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--types', 'node', file,
], { cwd: dir })
const compileErrors = (file: string) => tsc(file).then(() => '', (error: { stdout: string }) => error.stdout)

// Both generators run once, up front: every test below reads their output.
await run(process.execPath, [
  bin('@hey-api/openapi-ts/bin/run.js'), '-s', '-f', 'examples/hey-api/openapi-ts.config.ts',
], { cwd: dir })
await run(process.execPath, [bin('openapi-typescript/bin/cli.js'), 'openapi/openapi.json', '-o', 'schema.d.ts'], {
  cwd: dir,
})
const document = JSON.parse(await readFile(path.join(dir, 'openapi/openapi.json'), 'utf8')) as {
  components: { schemas: Record<string, unknown> }
}
const schemaNames = Object.keys(document.components.schemas).sort()

t.test('hey-api generates a client the example program type-checks against', async (t) => {
  await t.resolves(tsc('examples/hey-api/careers.ts'), 'examples/hey-api/careers.ts type-checks with --strict')

  // The types are real: a field the contract does not have, or a wrong type, is a compile error.
  await writeFile(path.join(dir, 'wrong.ts'), `import { getCareer } from './examples/hey-api/generated/index.js'
const { data, error } = await getCareer({ path: { key: 'x' } })
export const salary: number | undefined = data?.salary
export const detail: number | undefined = error?.detail
`)
  const wrong = await compileErrors('wrong.ts')
  t.match(wrong, /Property 'salary' does not exist/, 'an unknown field')
  t.match(wrong, /Type 'string \| undefined' is not assignable to type 'number \| undefined'/,
    "a problem's detail is a string")
})

t.test('the schemas are exported as types of the same names by both generators', async (t) => {
  const program = ts.createProgram([path.join(generated, 'index.ts'), path.join(dir, 'schema.d.ts')], {
    module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, strict: true, noEmit: true,
  })
  const checker = program.getTypeChecker()
  const exportsOf = (file: string) => {
    const source = program.getSourceFile(file)
    const symbol = source === undefined ? undefined : checker.getSymbolAtLocation(source)
    return symbol === undefined ? [] : checker.getExportsOfModule(symbol)
  }
  // hey-api: every type the entry file exports (it also exports functions and per-operation types).
  const heyTypes = new Set(exportsOf(path.join(generated, 'index.ts'))
    .filter((symbol) => (checker.getAliasedSymbol(symbol).flags & ts.SymbolFlags.Type) !== 0)
    .map((symbol) => symbol.name))
  // openapi-typescript: the members of components['schemas'].
  const components = exportsOf(path.join(dir, 'schema.d.ts')).find((symbol) => symbol.name === 'components')
  const schemas = components === undefined
    ? undefined
    : checker.getPropertyOfType(checker.getDeclaredTypeOfSymbol(components), 'schemas')
  const openapiTypescriptNames = schemas === undefined
    ? []
    : checker.getTypeOfSymbol(schemas).getProperties().map((property) => property.name).sort()

  t.ok(schemaNames.length > 0, 'the document names its schemas')
  t.same(openapiTypescriptNames, schemaNames, "openapi-typescript: components['schemas'] holds exactly the schemas")
  t.same(schemaNames.filter((name) => !heyTypes.has(name)), [], 'hey-api: every schema is an exported type of its name')
})

t.test('the named types have the same shape in both generators', async (t) => {
  // Each pair must be assignable both ways; tsc names the first that is not.
  await writeFile(path.join(dir, 'same.ts'), [
    "import type { components } from './schema.js'",
    "import type * as hey from './examples/hey-api/generated/index.js'",
    'type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false',
    'export const same: {',
    ...schemaNames.map((name) => `  ${name}: Same<components['schemas']['${name}'], hey.${name}>`),
    '} = {',
    ...schemaNames.map((name) => `  ${name}: true,`),
    '}',
    '',
  ].join('\n'))
  t.equal(await compileErrors('same.ts'), '', 'every schema type is the same in both')

  // The check can fail: a type against a different one is reported.
  await writeFile(path.join(dir, 'different.ts'), `import type { components } from './schema.js'
import type * as hey from './examples/hey-api/generated/index.js'
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
export const same: Same<components['schemas']['Career'], hey.CareerRef> = true
`)
  t.match(await compileErrors('different.ts'), /Type 'true' is not assignable to type 'false'/,
    'two different types are told apart')
})

t.test('the program fetches a career, revalidates it (304), its salaries, a comparison, a search and ' +
  'a problem, against the running service', async (t) => {
  const { app } = await setupApp(t)
  const url = await app.listen({ host: '127.0.0.1', port: 0 })
  const env = { ...childEnv(), CAREER_FACTS_URL: url }
  const { stdout } = await run(process.execPath, ['--import', 'tsx', 'examples/hey-api/careers.ts'], { cwd: dir, env })
  const output = JSON.parse(stdout) as ProgramOutput
  const expected = await expectedOutput(app)
  // Field by field, so a failure names what the program got wrong.
  for (const [field, value] of Object.entries(expected)) t.same(output[field as keyof ProgramOutput], value, field)
  t.ok(output.search.includes(searchFinds), 'search found the reference career')

  const missing = await run(process.execPath, ['--import', 'tsx', 'examples/hey-api/careers.ts', 'nurse-astronaut'], {
    cwd: dir, env,
  }).then(() => '', (error: { stderr: string }) => error.stderr)
  t.match(missing, /404: No career has the key nurse-astronaut/,
    'a problem ok() meets stops the program with its detail')
})
