// Module hooks that run the project's TypeScript in tap's test processes (.taprc `node-arg`,
// registered by typescript.mjs): esbuild transpiles each `.ts` file (types dropped, nothing
// checked: `tsc --noEmit` does that), and a project file's `./x.js` import finds `./x.ts`, as
// tsc's NodeNext resolution does. Not tsx: it writes whitespace-minified code whose source map
// leaves the source out (unless NODE_V8_COVERAGE is set, which tap does not use), and tap's
// coverage report then counted every file as one covered line, 100 % of everything. These
// hooks are also about 0.4 s of CPU cheaper per test process than tsx's.
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import process from 'node:process'
import { URL, fileURLToPath } from 'node:url'

const root = new URL('../../', import.meta.url).href
// esbuild comes with tsx (a dependency of the project), resolved from there.
const esbuildPath = createRequire(createRequire(import.meta.url).resolve('tsx')).resolve('esbuild')
const esbuildManifest = path.join(path.dirname(esbuildPath), '../package.json')
const { version: esbuildVersion } = JSON.parse(readFileSync(esbuildManifest, 'utf8'))
// The compiler options esbuild reads (target, class field semantics) come from tsconfig.json.
const { compilerOptions } = JSON.parse(readFileSync(new URL('tsconfig.json', root), 'utf8'))
const options = {
  loader: 'ts',
  format: 'esm',
  // This Node's own version: for an older one esbuild rewrites what it lacks, `with { type: 'json' }` among it.
  target: `node${process.versions.node}`,
  // Inline, with the source itself: tap's coverage maps V8's ranges back through it.
  sourcemap: 'inline',
  tsconfigRaw: { compilerOptions },
}
// Transpiled files are kept by content: most of the 50 test processes load the same 200 modules.
const cacheDir = path.join(os.tmpdir(), 'career-facts-test', `ts-${esbuildVersion}`)
const cacheSalt = JSON.stringify(options)
let esbuild

const isProjectFile = (url) => url?.startsWith(root) && !url.includes('/node_modules/')

export async function resolve (specifier, context, nextResolve) {
  if (isProjectFile(context.parentURL) && /^\.\.?\/.*\.js$/.test(specifier)) {
    const typescript = new URL(`${specifier.slice(0, -3)}.ts`, context.parentURL)
    if (!existsSync(new URL(specifier, context.parentURL)) && existsSync(typescript)) {
      return { url: typescript.href, format: 'module', shortCircuit: true }
    }
  }
  return nextResolve(specifier, context)
}

export async function load (url, context, nextLoad) {
  if (!url.startsWith('file:') || !url.endsWith('.ts') || url.includes('/node_modules/')) {
    return nextLoad(url, context)
  }
  const file = fileURLToPath(url)
  const source = readFileSync(file, 'utf8')
  const key = createHash('sha256').update(cacheSalt).update(file).update(source).digest('hex')
  const cached = path.join(cacheDir, `${key}.js`)
  let code
  try {
    code = readFileSync(cached, 'utf8')
  } catch {
    esbuild ??= createRequire(import.meta.url)(esbuildPath)
    code = (await esbuild.transform(source, { ...options, sourcefile: file })).code
    mkdirSync(cacheDir, { recursive: true })
    // Written aside and renamed: processes running side by side never read half a file.
    const partial = `${cached}.${process.pid}`
    writeFileSync(partial, code)
    renameSync(partial, cached)
  }
  return { format: 'module', source: code, shortCircuit: true }
}
