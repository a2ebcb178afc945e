// `npm start`: transpiles src/ and migrations/ into dist/ (the layout `npm run build` gives,
// so paths relative to a module resolve alike), then runs dist/server.js in this process.
// Loading the modules through tsx's hooks took about 1.5 s of every start; esbuild writes the
// same files in a fraction of that, and a restart rewrites none (only a changed file is
// written, atomically by rename, so starts running side by side never read half a file;
// when every output is newer than its source, esbuild is not even loaded).
// Types are not checked here: `npm run typecheck` and the tests do that.
import { Buffer } from 'node:buffer'
import { mkdir, readFile, readdir, rename, rm, stat, utimes, writeFile } from 'node:fs/promises'
import path from 'node:path'
import process from 'node:process'
import { pathToFileURL } from 'node:url'

const root = path.resolve(import.meta.dirname, '..')
const dist = path.join(root, 'dist')

async function filesUnder (dir, keep) {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => [])
  return entries.filter((entry) => entry.isFile() && keep(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name))
}

/** Writes the file unless it already holds these bytes (then only marks it as new as them). */
async function writeIfChanged (file, contents) {
  const current = await readFile(file).catch(() => null)
  if (current !== null && Buffer.compare(current, contents) === 0) {
    const now = new Date()
    await utimes(file, now, now)
    return
  }
  await mkdir(path.dirname(file), { recursive: true })
  const temporary = `${file}.${process.pid}.tmp`
  await writeFile(temporary, contents)
  await rename(temporary, file)
}

const TREES = [['src', dist], ['migrations', path.join(dist, 'migrations')]]

/** Each source under the trees with the file it becomes in dist/ (a module's map beside it). */
async function sources () {
  const pairs = []
  for (const [from, to] of TREES) {
    const base = path.join(root, from)
    for (const file of await filesUnder(base, (name) => name.endsWith('.ts') || name.endsWith('.json'))) {
      const out = path.join(to, path.relative(base, file)).replace(/\.ts$/, '.js')
      pairs.push({ from: base, to, file, out })
    }
  }
  return pairs
}

const mtime = (file) => stat(file).then((stats) => stats.mtimeMs, () => -1)

async function upToDate (pairs) {
  const times = await Promise.all(pairs.map(async ({ file, out }) => [await mtime(file), await mtime(out)]))
  return times.every(([source, output]) => output >= source)
}

async function transpile (pairs) {
  const { build } = await import('esbuild')
  for (const [from, to] of TREES) {
    const base = path.join(root, from)
    const mine = pairs.filter((pair) => pair.from === base)
    const result = await build({
      entryPoints: mine.filter((pair) => pair.file.endsWith('.ts')).map((pair) => pair.file),
      outbase: base,
      outdir: to,
      format: 'esm',
      platform: 'node',
      target: `node${process.versions.node}`,
      sourcemap: 'linked',
      write: false,
      logLevel: 'error',
    })
    const outputs = [
      ...result.outputFiles.map((file) => ({ file: file.path, contents: Buffer.from(file.contents) })),
      ...await Promise.all(mine.filter((pair) => pair.file.endsWith('.json'))
        .map(async (pair) => ({ file: pair.out, contents: await readFile(pair.file) }))),
    ]
    await Promise.all(outputs.map(({ file, contents }) => writeIfChanged(file, contents)))
  }
}

const pairs = await sources()
if (!await upToDate(pairs)) await transpile(pairs)
const produced = new Set(pairs.flatMap(({ out }) => out.endsWith('.js') ? [out, `${out}.map`] : [out]))

// A module whose source is gone must not linger (a deleted migration would still run).
// dist/bench holds the benchmark's reference servers (tsconfig.bench.json), not ours.
const stale = (await filesUnder(dist, (name) => /\.(js|js\.map|json)$/.test(name)))
  .filter((file) => !produced.has(file) && !file.startsWith(path.join(dist, 'bench') + path.sep))
await Promise.all(stale.map((file) => rm(file, { force: true })))

await import(pathToFileURL(path.join(dist, 'server.js')).href)
