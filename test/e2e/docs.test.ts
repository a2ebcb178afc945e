// The reference page at /docs: served from local assets, and rendered by a real browser
// (headless Chromium, when installed) into a page that lists the career operations.
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import t from 'tap'
import { setupApp } from '../helpers/app.js'

const run = promisify(execFile)
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const ARTIFACTS = path.resolve('artifacts')

const { app } = await setupApp(t)

t.test('the page and its assets come from this service, not a CDN', async (t) => {
  const page = await app.inject({ url: '/docs/' })
  const html = page.statusCode === 302 ? await app.inject({ url: page.headers.location ?? '' }) : page
  t.equal(html.statusCode, 200)
  t.match(html.headers['content-type'], /^text\/html/)
  const assets = [...html.body.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1] ?? '')
  t.ok(assets.length >= 3, 'scripts and styles are referenced')
  t.same(assets.filter((asset) => /^(https?:)?\/\//.test(asset)), [], 'none from another origin')
  const bundle = await app.inject({ url: '/docs/static/swagger-ui-bundle.js' })
  t.equal(bundle.statusCode, 200)
  t.match(bundle.headers['content-type'], /javascript/)
  const csp = String(html.headers['content-security-policy'] ?? '')
  t.notMatch(csp, /https:|swagger\.io/, 'the content security policy allows no other origin')
})

t.test('/docs stays out of the API contract', async (t) => {
  const doc = (await app.inject({ url: '/openapi.json' })).json<{ paths: Record<string, unknown> }>()
  t.same(Object.keys(doc.paths).filter((p) => p.startsWith('/docs')), [])
})

t.test('headless Chromium renders the operations', {
  skip: existsSync(CHROMIUM) ? false : `no browser at ${CHROMIUM}`,
}, async (t) => {
  const url = await app.listen({ host: '127.0.0.1', port: 0 })
  // Each launch gets a fresh profile, and nothing that would reach out of this machine.
  const browser = async (extra: string[]) => {
    const profile = await mkdtemp(path.join(os.tmpdir(), 'career-facts-chromium-'))
    t.teardown(() => rm(profile, { recursive: true, force: true }))
    return run(CHROMIUM, [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic',
      '--no-first-run', '--disable-component-update', '--disable-sync', `--user-data-dir=${profile}`,
      '--virtual-time-budget=20000', '--window-size=1280,1600', ...extra, `${url}/docs`,
    ], { timeout: 90_000, maxBuffer: 32 * 1024 * 1024 })
  }

  const { stdout: dom } = await browser(['--dump-dom'])
  // Swagger UI gives each operation the id operations-<tag>-<operationId>.
  const doc = (await app.inject({ url: '/openapi.json' }))
    .json<{ paths: Record<string, Record<string, { operationId: string, tags: string[], summary: string }>> }>()
  const careerOperations = Object.values(doc.paths)
    .flatMap((methods) => Object.values(methods))
    .filter((operation) => operation.tags.includes('careers'))
  t.ok(careerOperations.length >= 8, `${careerOperations.length} career operations in the contract`)
  for (const operation of careerOperations) {
    t.match(
      dom,
      new RegExp(`id="operations-careers-${operation.operationId}"`),
      `${operation.operationId} is listed under careers`,
    )
  }
  const summaries = [...dom.matchAll(/opblock-summary-description">([^<]+)</g)].map((match) => match[1])
  t.ok(summaries.includes('Search and list careers') && summaries.includes('A career profile'), 'with their summaries')

  await mkdir(ARTIFACTS, { recursive: true })
  const screenshot = path.join(ARTIFACTS, 'docs-page.png')
  await rm(screenshot, { force: true })
  await browser([`--screenshot=${screenshot}`])
  const png = await readFile(screenshot)
  t.same(
    [...png.subarray(1, 4)],
    [...Buffer.from('PNG')],
    `a screenshot is saved at ${path.relative(process.cwd(), screenshot)}`,
  )
})
