// `npm start`: transpiles src/ and migrations/ into dist/ (the layout `npm run build` gives,
// so paths relative to a module resolve alike), then runs dist/server.js in this process.
// Loading the modules through tsx's hooks took about 1.5 s of every start; esbuild writes the
// same files in a fraction of that, and a restart rewrites none (only a changed file is
// written, atomically by rename, so starts running side by side never read half a file).
// Types are not checked here: `npm run typecheck` and the tests do that.
import { Buffer } from 'node:buffer'
import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import process from 'node:process'
import { pathToFileURL } from 'node:url'
import { build } from 'esbuild'

const root = path.resolve(import.meta.dirname, '..')
const dist = path.join(root, 'dist')

async function filesUnder (dir, keep) {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => [])
  return entries.filter((entry) => entry.isFile() && keep(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name))
}

/** Writes the file unless it already holds these bytes. */
async function writeIfChanged (file, contents) {
  const current = await readFile(file).catch(() => null)
  if (current !== null && Buffer.compare(current, contents) === 0) return
  await mkdir(path.dirname(file), { recursive: true })
  const temporary = `${file}.${process.pid}.tmp`
  await writeFile(temporary, contents)
  await rename(temporary, file)
}

const produced = new Set()
for (const [from, to] of [['src', dist], ['migrations', path.join(dist, 'migrations')]]) {
  const entryPoints = await filesUnder(path.join(root, from), (name) => name.endsWith('.ts'))
  const result = await build({
    entryPoints,
    outbase: path.join(root, from),
    outdir: to,
    format: 'esm',
    platform: 'node',
    target: `node${process.versions.node}`,
    sourcemap: 'linked',
    write: false,
    logLevel: 'error',
  })
  const json = await filesUnder(path.join(root, from), (name) => name.endsWith('.json'))
  const outputs = [
    ...result.outputFiles.map((file) => ({ file: file.path, contents: Buffer.from(file.contents) })),
    ...await Promise.all(json.map(async (file) =>
      ({ file: path.join(to, path.relative(path.join(root, from), file)), contents: await readFile(file) }))),
  ]
  await Promise.all(outputs.map(({ file, contents }) => {
    produced.add(file)
    return writeIfChanged(file, contents)
  }))
}

// A module whose source is gone must not linger (a deleted migration would still run).
// dist/bench holds the benchmark's reference servers (tsconfig.bench.json), not ours.
const stale = (await filesUnder(dist, (name) => /\.(js|js\.map|json)$/.test(name)))
  .filter((file) => !produced.has(file) && !file.startsWith(path.join(dist, 'bench') + path.sep))
await Promise.all(stale.map((file) => rm(file, { force: true })))

await import(pathToFileURL(path.join(dist, 'server.js')).href)
