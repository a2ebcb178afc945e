// The container recipe, checked without a Docker engine: the Dockerfile's structure, the
// compose file, and that the paths the image runs (dist/server.js, dist/cli.js)
// are what the build produces and work. test/e2e/image-build-and-run.ts builds the image for real.
import { execFile } from 'node:child_process'
import { access, readdir, readFile, rm } from 'node:fs/promises'
import { promisify } from 'node:util'
import { Copy, DockerfileParser, type Instruction } from 'dockerfile-ast'
import t from 'tap'
import { parse } from 'yaml'
import { childEnv, databaseEnv, launch, startServer } from '../helpers/server.js'

const run = promisify(execFile)
const dockerfile = DockerfileParser.parse(await readFile('Dockerfile', 'utf8'))

interface Stage { name: string | null, image: string, instructions: Instruction[] }
interface EnvInstruction { getProperties: () => Array<{ getName: () => string, getValue: () => string | null }> }

// Instructions grouped by the FROM that starts their stage, image names with ARG defaults applied.
const defaults = new Map(dockerfile.getInitialARGs()
  .flatMap((arg) => arg.getProperties().map((p) => [p.getName(), p.getValue() ?? ''] as const)))
const stages: Stage[] = []
for (const instruction of dockerfile.getInstructions()) {
  if (instruction.getKeyword() === 'FROM') {
    const from = dockerfile.getFROMs()
      .find((candidate) => candidate.getRange().start.line === instruction.getRange().start.line)
    const image = (from?.getImage() ?? '').replace(/\$\{?(\w+)\}?/g, (_, name: string) => defaults.get(name) ?? '')
    stages.push({ name: from?.getBuildStage() ?? null, image, instructions: [] })
  } else {
    stages.at(-1)?.instructions.push(instruction)
  }
}
const runtime = stages.at(-1)
const args = (instruction: Instruction | undefined): string => instruction?.getArgumentsContent() ?? ''
const ofKind = (stage: Stage | undefined, keyword: string): Instruction[] =>
  stage?.instructions.filter((i) => i.getKeyword() === keyword) ?? []

t.test('multi-stage: TypeScript is built in one stage, compiled JavaScript runs in a slim Node LTS', async (t) => {
  t.ok(stages.length >= 2, 'at least two stages')
  const build = stages.find((stage) => ofKind(stage, 'RUN').some((i) => /npm run build/.test(args(i))))
  t.ok(build, 'a stage runs npm run build')
  t.not(build, runtime, 'the build is not the final stage')
  t.match(
    runtime?.image,
    /^node:(22|24)(\.\d+)*-(bookworm|trixie)-slim$/,
    'a slim image of a maintained LTS (22 or 24)',
  )
  const copies = ofKind(runtime, 'COPY').map(args)
  const fromBuild = ofKind(runtime, 'COPY')
    .filter((i) => i instanceof Copy && i.getFromFlag()?.getValue() === build?.name)
  t.same(fromBuild.map(args), ['/app/dist ./dist'], 'copies only dist from the build stage')
  t.notOk(copies.some((c) => /\bsrc\b/.test(c)), 'no TypeScript sources in the runtime image')
  t.ok(
    ofKind(runtime, 'RUN').some((i) => /npm ci\b.*--omit=dev/.test(args(i))),
    'npm ci --omit=dev in the runtime stage',
  )
})

t.test('runs as a non-root user, listens on 0.0.0.0, exposes the port, checks /healthz', async (t) => {
  const user = ofKind(runtime, 'USER').at(-1)
  t.ok(user, 'a USER is set')
  t.notMatch(args(user), /^(root|0)(:|$)/, 'and it is not root')
  const env = new Map(ofKind(runtime, 'ENV').flatMap((i) => (i as unknown as EnvInstruction)
    .getProperties().map((p) => [p.getName(), p.getValue()] as const)))
  t.equal(env.get('HOST'), '0.0.0.0')
  t.same([env.get('MALLOC_ARENA_MAX'), env.get('NODE_OPTIONS')], ['1', '--max-semi-space-size=8'],
    'the allocator and heap settings the memory figures were measured with')
  t.equal(ofKind(runtime, 'EXPOSE').map(args).join(' '), env.get('PORT'), 'EXPOSE matches PORT')
  const healthcheck = args(ofKind(runtime, 'HEALTHCHECK')[0])
  t.match(healthcheck, /CMD .*\/healthz/, 'HEALTHCHECK calls /healthz')
  t.notMatch(healthcheck, /curl|wget/, 'with node itself: slim images have no curl')
  t.same(
    JSON.parse(args(ofKind(runtime, 'CMD')[0])),
    ['node', 'dist/server.js'],
    'exec-form CMD: node gets SIGTERM directly',
  )
  t.notOk(
    ofKind(runtime, 'ENV').some((i) => /DATABASE_URL|PASSWORD|SECRET/i.test(args(i))),
    'no database settings or secrets baked in',
  )
})

t.test('.dockerignore lets in only what the build needs', async (t) => {
  const lines = (await readFile('.dockerignore', 'utf8')).split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
  t.equal(lines[0], '*', 'everything is ignored first')
  t.same(lines.slice(1).sort(), [
    '!dataset',
    '!migrations',
    '!package-lock.json',
    '!package.json',
    '!src',
    '!tsconfig.build.json',
    '!tsconfig.json',
    '!tsconfig.migrations.json',
  ])
  const fromContext = stages.flatMap((stage) => ofKind(stage, 'COPY'))
    .filter((i) => i instanceof Copy && i.getFromFlag() === null)
  for (const copy of fromContext.map(args)) {
    for (const source of copy.split(/\s+/).slice(0, -1)) {
      t.ok(lines.includes(`!${source.replace(/\/$/, '')}`), `${source} reaches the build`)
    }
  }
})

t.test('compose runs the service with PostgreSQL, migrating first as a job', async (t) => {
  const compose = parse(await readFile('compose.yaml', 'utf8')) as {
    services: Record<string, {
      image?: string
      build?: string
      command?: string[]
      environment?: Record<string, string>
      depends_on?: Record<string, { condition: string }>
    }>
  }
  const { db, migrate, api } = compose.services
  t.match(db?.image, /^postgres:\d+/)
  t.same(migrate?.command, ['node', 'dist/cli.js', 'migrate'])
  t.match(api?.environment?.DATABASE_URL, /^postgres:\/\/[^@]+@db:5432\//)
  t.equal(api?.environment?.MIGRATE_ON_START, 'false', 'the service leaves migrations to the job')
  t.equal(api?.depends_on?.migrate?.condition, 'service_completed_successfully')
  t.equal(migrate?.depends_on?.db?.condition, 'service_healthy')
})

t.test('npm run build lays out dist/ as the image runs it, and the built files work', async (t) => {
  // From scratch, so files a former layout left behind cannot stand in for the real output.
  await rm('dist', { recursive: true, force: true })
  await run('npm', ['run', 'build'], { env: childEnv() })
  const pkg = JSON.parse(await readFile('package.json', 'utf8')) as { bin: Record<string, string> }
  t.equal(pkg.bin['career-facts'], 'dist/cli.js', 'the bin is the built CLI')
  for (const file of ['dist/server.js', 'dist/cli.js', 'dist/db/migrate.js']) {
    await t.resolves(access(file), `${file} exists`)
  }
  await t.rejects(access('dist/src'), 'nothing under dist/src')
  const sources = (await readdir('migrations'))
    .filter((file) => file.endsWith('.ts'))
    .map((file) => file.replace(/\.ts$/, '.js'))
  const built = (await readdir('dist/migrations')).filter((file) => file.endsWith('.js'))
  t.same(built.sort(), sources.sort(), 'every migration is compiled into dist/migrations')

  // The migration job as operators run it: node dist/cli.js migrate, which finds dist/migrations
  // and applies every one to an empty database.
  const env = await databaseEnv(t, { empty: true })
  const migrate = launch(t, ['dist/cli.js', 'migrate'], env)
  t.equal((await migrate.exited).code, 0, 'migrate exits 0')
  t.match(migrate.output(), /applied \d{8}T\d{4}_\w+|schema is up to date/)

  // Then the built server over that database, with migrations left to the job.
  const server = await startServer(t, { ...env, MIGRATE_ON_START: 'false' }, ['dist/server.js'])
  const ready = await fetch(`${server.url}/readyz`)
  t.equal(ready.status, 200, 'ready: every migration is applied')
  const career = await fetch(`${server.url}/v1/careers/29-2072`)
  t.equal((await career.json() as { slug: string }).slug, 'medical-records-specialists',
    'the built server found the bundled dataset and loaded it into the empty database')
  server.kill('SIGTERM')
  t.equal((await server.exited).code, 0, 'stops cleanly on SIGTERM')
})
