// `datasets download` against a real HTTP server on 127.0.0.1 (no network reaches these
// machines): files from ../shared/data (test/fixtures where that folder is absent) and archives
// the test builds. A whole run downloads, checks, unpacks and imports; every way a download can
// fail (403, 404, a stall, a cut body, a wrong checksum, a broken archive) ends in one message
// naming the file, the address and the reason, with the database never opened.
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import t from 'tap'
import yazl from 'yazl'
import { datasetsCommand, defaultFolder, downloadAndImport, parseDatasetsArgs } from '../src/cli/datasets.js'
import { UsageError } from '../src/cli/usage.js'
import {
  DownloadError, downloadDatasets, fileName, sha256Of, sourceUrl, userAgent, type DownloadOptions,
} from '../src/datasets/download.js'
import { MANIFEST, type DatasetFile } from '../src/datasets/manifest.js'
import { silentTransfer, terminalBar } from '../src/datasets/progress.js'
import { testConfig } from './helpers/app.js'
import { testDatabase } from './helpers/database.js'

const SHARED = path.resolve('../shared/data')
const hasShared = existsSync(SHARED)
const fixture = (...parts: string[]): string => path.resolve('test/fixtures', ...parts)
/** The shared data's copy of a file when there is one, else the fixture of the same name. */
const served = (relative: string): string => hasShared && existsSync(path.join(SHARED, relative))
  ? path.join(SHARED, relative)
  : fixture(relative)

const CONTACT = 'ops@example.org'
const database = await testDatabase()
t.teardown(() => database.close())
const db = database.db

function sha256 (bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex')
}

function zipOf (files: Array<[string, Buffer]>): Promise<Buffer> {
  const zip = new yazl.ZipFile()
  for (const [name, bytes] of files) zip.addBuffer(bytes, name)
  zip.end()
  const chunks: Buffer[] = []
  return new Promise((resolve, reject) => {
    zip.outputStream.on('data', (chunk: Buffer) => chunks.push(chunk))
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)))
    zip.outputStream.on('error', reject)
  })
}

// The server: each path answers from `files` (honouring Range unless told not to), or from a
// handler a test installs; every request is recorded with its headers.
type Handler = (request: http.IncomingMessage, response: http.ServerResponse) => void
const files = new Map<string, Buffer>()
const handlers = new Map<string, Handler>()
const requests: Array<{ path: string, headers: http.IncomingHttpHeaders }> = []
let honourRange = true

function serveFile (request: http.IncomingMessage, response: http.ServerResponse, bytes: Buffer): void {
  const range = /^bytes=(\d+)-$/.exec(request.headers.range ?? '')
  if (range !== null && honourRange) {
    const start = Number(range[1])
    if (start >= bytes.length) {
      response.writeHead(416, { 'content-range': `bytes */${bytes.length}` }).end()
      return
    }
    response.writeHead(206, {
      'content-range': `bytes ${start}-${bytes.length - 1}/${bytes.length}`,
      'content-length': bytes.length - start,
      etag: '"v1"',
    }).end(bytes.subarray(start))
    return
  }
  response.writeHead(200, { 'content-length': bytes.length, etag: '"v1"' }).end(bytes)
}

const server = http.createServer((request, response) => {
  const name = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname.slice(1))
  requests.push({ path: name, headers: request.headers })
  const handler = handlers.get(name)
  if (handler !== undefined) return handler(request, response)
  const bytes = files.get(name)
  if (bytes === undefined) response.writeHead(404).end('no such file')
  else serveFile(request, response, bytes)
})
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
t.teardown(() => {
  server.closeAllConnections()
  return new Promise((resolve) => server.close(resolve))
})

function entry (name: string, bytes: Buffer | null = null): DatasetFile {
  const known = MANIFEST.find((candidate) => candidate.name === name)
  if (known === undefined) throw new Error(`no manifest entry ${name}`)
  return { ...known, bytes: bytes === null ? null : bytes.length, sha256: bytes === null ? null : sha256(bytes) }
}

/** Serves `bytes` as the entry's file and returns the entry with their size and digest. */
function publish (name: string, bytes: Buffer, known = true): DatasetFile {
  const result = entry(name, known ? bytes : null)
  files.set(fileName(result), bytes)
  return result
}

async function folder (): Promise<string> {
  const made = await mkdtemp(path.join(os.tmpdir(), 'career-facts-datasets-'))
  t.teardown(() => rm(made, { recursive: true, force: true }))
  return made
}

function options (into: string, extra: Partial<DownloadOptions> = {}): DownloadOptions {
  return { folder: into, contact: CONTACT, baseUrl: base, progressFor: () => silentTransfer, ...extra }
}

/** What an import would have changed: every source and the number of careers. */
async function imported (): Promise<{ sources: string[], careers: number }> {
  const sources = await db.selectFrom('source').select('slug').orderBy('slug').execute()
  const careers = await db.selectFrom('career').select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return { sources: sources.map((row) => row.slug), careers: Number(careers.n) }
}

const structure = await readFile(fixture('soc/soc_structure_2018.xlsx'))
const occupation = await readFile(served('ep/occupation.xlsx'))

t.test('the manifest: official addresses, unique names, and figures that match ../shared/data', async (t) => {
  const names = MANIFEST.map((file) => file.name)
  t.equal(new Set(names).size, names.length, 'names are unique')
  t.equal(new Set(MANIFEST.map(fileName)).size, names.length, 'so are file names: a mirror serves them side by side')
  for (const file of MANIFEST) {
    t.match(file.url, /^https:\/\/(www\.bls\.gov|www\.onetcenter\.org|nces\.ed\.gov)\//, `${file.name}: official`)
    t.equal(file.kind === 'zip', file.url.endsWith('.zip'), `${file.name}: an archive exactly when a .zip`)
    t.equal(file.bytes === null, file.sha256 === null, `${file.name}: size and digest known together`)
  }
  t.equal(sourceUrl(entry('ep-occupation'), 'https://mirror.example/bls/'),
    'https://mirror.example/bls/occupation.xlsx', 'a mirror serves each file under its name')
  t.equal(sourceUrl(entry('ep-occupation')), 'https://www.bls.gov/emp/ind-occ-matrix/occupation.xlsx')

  const pinned = MANIFEST.filter((file) => file.sha256 !== null)
  t.ok(pinned.length >= 3, 'the official files ../shared/data holds unmodified have their figures recorded')
  if (!hasShared) {
    t.comment('../shared/data is absent: the recorded figures are not checked against it')
    return
  }
  const where: Record<string, string> = {
    'occupation.xlsx': 'ep/occupation.xlsx',
    'nem-onet-to-soc-crosswalk.xlsx': 'ep/nem-onet-to-soc-crosswalk.xlsx',
    'soc_2010_to_2018_crosswalk.xlsx': 'soc/soc_2010_to_2018_crosswalk.xlsx',
  }
  for (const file of pinned) files.set(fileName(file), await readFile(path.join(SHARED, where[fileName(file)] ?? '')))
  // Downloaded with the manifest's own figures: each passes its size and sha256 check.
  const into = await folder()
  const results = await downloadDatasets(pinned, options(into))
  t.same(results.map((result) => [result.bytes, result.sha256]), pinned.map((file) => [file.bytes, file.sha256]))
  // Run again: the pinned edition is already there and is not fetched a second time.
  const before = requests.length
  const again = await downloadDatasets(pinned, options(into))
  t.ok(again.every((result) => result.reused), 'a verified earlier download is reused')
  t.equal(requests.length, before, 'without a request')
})

t.test('the contact is required, and the options are checked', async (t) => {
  t.throws(() => parseDatasetsArgs(['download'], {}), { name: 'UsageError', message: /BLS refuses downloads from/ })
  t.throws(() => parseDatasetsArgs(['download', '--contact', 'someone'], {}), { message: /email address/ })
  t.throws(() => parseDatasetsArgs(['download', '--contact', 'a (b)@c.org'], {}), { message: /parentheses/ })
  await t.rejects(downloadDatasets([entry('ep-occupation')], { ...options(await folder()), contact: '' }),
    { message: /needs the operator's contact/ })
  t.throws(() => parseDatasetsArgs([], {}), UsageError)
  t.throws(() => parseDatasetsArgs(['download', '--only', 'oews-national-2099'], { CAREER_FACTS_CONTACT: CONTACT }),
    { message: /no file of the manifest: oews-national-2099/ })
  t.throws(() => parseDatasetsArgs(['download', '--from', 'ftp://mirror'], { CAREER_FACTS_CONTACT: CONTACT }),
    { message: /http\(s\) address/ })
  t.throws(() => parseDatasetsArgs(['download', '--timeout', '-1'], { CAREER_FACTS_CONTACT: CONTACT }),
    { message: /--timeout -1/ })
  t.throws(() => parseDatasetsArgs(['download', '--dir'], { CAREER_FACTS_CONTACT: CONTACT }), { message: /--dir/ })

  const fromEnv = parseDatasetsArgs(['download'], {
    CAREER_FACTS_CONTACT: CONTACT, CAREER_FACTS_DATASETS_URL: 'http://mirror.example/x', XDG_CACHE_HOME: '/cache',
  })
  t.same([fromEnv.contact, fromEnv.baseUrl, fromEnv.folder, fromEnv.entries.length, fromEnv.timeoutMs],
    [CONTACT, 'http://mirror.example/x', '/cache/career-facts/datasets', MANIFEST.length, 60_000])
  const given = parseDatasetsArgs(['download', '--contact', 'me@example.net', '--from', 'https://m.example',
    '--dir', 'here', '--only', 'ep-occupation, soc-structure', '--timeout', '2.5'], { CAREER_FACTS_CONTACT: CONTACT })
  t.same([given.contact, given.baseUrl, given.folder, given.entries.map((file) => file.name), given.timeoutMs],
    ['me@example.net', 'https://m.example', 'here', ['ep-occupation', 'soc-structure'], 2500])
  t.match(defaultFolder({}), /\.cache\/career-facts\/datasets$/)

  const before = requests.length
  await t.rejects(datasetsCommand({ ...testConfig, databaseUrl: null, pgliteDir: null }, given),
    { name: 'UsageError', message: /set DATABASE_URL, or PGLITE_DIR/ })
  t.equal(requests.length, before, 'an in-memory database is refused before anything is fetched')
})

t.test('downloads, checks, unpacks and imports; the User-Agent names the contact', async (t) => {
  const national = await readFile(fixture('oews/national_M2024_dl.xlsx'))
  const onetFiles: Array<[string, Buffer]> = []
  for (const name of ['Occupation Data.txt', 'Job Zones.txt']) {
    onetFiles.push([`db_29_2_text/${name}`, await readFile(fixture('onet_29_2', name))])
  }
  const entries = [
    publish('soc-structure', structure),
    publish('oews-national-2024', await zipOf([['oesm24nat/national_M2024_dl.xlsx', national],
      ['field_descriptions.txt', Buffer.from('what the columns mean\n')]])),
    publish('onet-29-2-text', await zipOf(onetFiles), false),
  ]
  const into = await folder()
  const before = await imported()
  requests.length = 0
  let written = ''
  const terminal = { isTTY: true, write: (text: string) => { written += text; return true } }
  const out: string[] = []
  let opened = 0
  const args = { folder: into, contact: CONTACT, baseUrl: base, entries, timeoutMs: 5000 }
  await downloadAndImport(args, async () => {
    opened++
    return { db, close: async () => undefined }
  }, {
    out: { write: (text: string) => out.push(text) } as unknown as NodeJS.WritableStream,
    progressFor: (label) => terminalBar(label, terminal as unknown as NodeJS.WriteStream, 0),
  })

  t.same(requests.map((request) => request.headers['user-agent']), entries.map(() => `career-facts/0.1.0 (${CONTACT})`),
    'every request carries the contact')
  t.equal(userAgent(CONTACT), 'career-facts/0.1.0 (ops@example.org)')
  t.ok(requests.every((request) => request.headers['accept-encoding'] === 'identity'), 'asks for the bytes as stored')
  t.match(written, /\rsoc_structure_2018\.xlsx \[#{24}\] 100% 0\.0 of 0\.0 MB/, 'a progress bar on a terminal')

  t.same((await readdir(into)).sort(), ['db_29_2_text', 'oesm24nat', 'soc_structure_2018.xlsx'],
    'archives are unpacked into a folder each and removed; no part is left')
  t.same(await readFile(path.join(into, 'oesm24nat', 'oesm24nat', 'national_M2024_dl.xlsx')), national,
    'an archive keeps its own folders when they are not its name alone')
  t.same((await readdir(path.join(into, 'db_29_2_text'))).sort(), ['Job Zones.txt', 'Occupation Data.txt'],
    'a lone top folder named like the archive is not doubled')

  t.equal(opened, 1, 'the database is opened once everything is downloaded')
  const after = await imported()
  t.same(after.sources.filter((slug) => !before.sources.includes(slug)),
    ['bls-oews-2024-05', 'onet-29-2', 'soc-2018-structure'], 'each file was imported, with its source')
  t.ok(after.careers > before.careers, 'and made its careers')
  const report = out.join('')
  t.match(report, /soc_structure_2018\.xlsx: downloaded, 0\.0 MB, sha256 as the manifest records\n/)
  t.match(report, /db_29_2_text\.zip: downloaded, 0\.0 MB, no checksum known, unpacked 2 files into db_29_2_text\/\n/)
  t.match(report, /skipped oesm24nat\/field_descriptions\.txt: not an official file this project knows\n/)
})

t.test('a download broken off resumes from its .part', async (t) => {
  const file = publish('ep-occupation', occupation)
  const half = Math.floor(occupation.length / 2)

  const into = await folder()
  await writeFile(path.join(into, 'occupation.xlsx.part'), occupation.subarray(0, half))
  await writeFile(path.join(into, 'occupation.xlsx.part.json'),
    JSON.stringify({ url: `${base}/occupation.xlsx`, etag: '"v1"', lastModified: null }))
  requests.length = 0
  const [resumed] = await downloadDatasets([file], options(into))
  t.equal(requests[0]?.headers.range, `bytes=${half}-`, 'asks for the rest')
  t.equal(requests[0]?.headers['if-range'], '"v1"', 'only if the file is still the one the part began')
  t.equal(resumed?.resumedFrom, half)
  t.same(await readFile(path.join(into, 'occupation.xlsx')), occupation, 'the whole file, checked')
  t.same((await readdir(into)).sort(), ['occupation.xlsx'])

  // A server that ignores Range answers 200 with the whole file: the part is started over.
  honourRange = false
  t.teardown(() => { honourRange = true })
  const again = await folder()
  await writeFile(path.join(again, 'occupation.xlsx.part'), Buffer.from('stale bytes'))
  const [restarted] = await downloadDatasets([file], options(again))
  t.equal(restarted?.resumedFrom, 0)
  t.equal(await sha256Of(path.join(again, 'occupation.xlsx')), file.sha256)
  honourRange = true

  // A part already whole (the run stopped before renaming it): 416 says how long the file is.
  const whole = await folder()
  await writeFile(path.join(whole, 'occupation.xlsx.part'), occupation)
  const [complete] = await downloadDatasets([file], options(whole))
  t.equal(complete?.resumedFrom, occupation.length)
  t.equal(await sha256Of(path.join(whole, 'occupation.xlsx')), file.sha256)
})

t.test('redirects are followed; an unreachable server is named', async (t) => {
  const file = publish('soc-structure', structure)
  handlers.set('soc_structure_2018.xlsx', (_request, response) => {
    response.writeHead(302, { location: '/moved/soc_structure_2018.xlsx' }).end()
  })
  files.set('moved/soc_structure_2018.xlsx', structure)
  t.teardown(() => handlers.delete('soc_structure_2018.xlsx'))
  const [result] = await downloadDatasets([file], options(await folder()))
  t.equal(result?.sha256, file.sha256)

  const closed = http.createServer()
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
  const port = (closed.address() as AddressInfo).port
  await new Promise((resolve) => closed.close(resolve))
  await t.rejects(downloadDatasets([file], options(await folder(), { baseUrl: `http://127.0.0.1:${port}` })),
    { message: /^soc_structure_2018\.xlsx: download from .* failed: could not reach the server \(ECONNREFUSED\)$/ })
})

// Each failure: a good file first (downloaded, never imported), then the bad one.
interface Failure {
  case: string
  message: RegExp
  handler?: Handler
  file?: () => Promise<DatasetFile>
  /** The part stays for the next run to resume from, as long as the message says. */
  resumable?: boolean
}

const failures: Failure[] = [
  {
    case: 'HTTP 403',
    handler: (_request, response) => { response.writeHead(403).end('Access Denied') },
    message: new RegExp('the server refused the download \\(HTTP 403 Forbidden\\); BLS refuses clients it cannot ' +
      'identify, so check that the contact in the User-Agent "career-facts/0\\.1\\.0 \\(ops@example\\.org\\)"'),
  },
  {
    case: 'HTTP 404',
    handler: (_request, response) => { response.writeHead(404).end() },
    message: /the server has no such file \(HTTP 404 Not Found\): the publisher may have moved or renamed it/,
  },
  {
    case: 'HTTP 503',
    handler: (_request, response) => { response.writeHead(503).end() },
    message: /the server is busy or limiting downloads \(HTTP 503 Service Unavailable\): try again later/,
  },
  {
    case: 'HTTP 500',
    handler: (_request, response) => { response.writeHead(500).end() },
    message: /the server answered HTTP 500 Internal Server Error/,
  },
  {
    case: 'a server that never answers',
    handler: () => undefined,
    message: /no answer within 0\.3 s \(timeout\)/,
  },
  {
    case: 'a server that stalls mid-file',
    handler: (_request, response) => {
      response.writeHead(200, { 'content-length': occupation.length })
      response.write(occupation.subarray(0, 1000))
    },
    message: new RegExp(`no data for 0\\.3 s, after 1,000 of ${occupation.length.toLocaleString('en-US')} bytes ` +
      '\\(timeout\\); run the command again to resume'),
    resumable: true,
  },
  {
    case: 'a truncated body',
    handler: (_request, response) => {
      response.writeHead(200, { 'content-length': occupation.length })
      // The connection closes a moment after the bytes are out, before the body is complete.
      response.write(occupation.subarray(0, 2000), () => setTimeout(() => response.socket?.end(), 50))
    },
    message: new RegExp('truncated: the connection closed after [\\d,]+ of ' +
      `${occupation.length.toLocaleString('en-US')} bytes \\(ECONNRESET\\); run the command again to resume`),
    resumable: true,
  },
  {
    case: 'a body shorter than the manifest says, without Content-Length',
    handler: (_request, response) => {
      response.writeHead(200)
      response.end(occupation.subarray(0, 3000))
    },
    message: new RegExp(`truncated: 3,000 of ${occupation.length.toLocaleString('en-US')} bytes`),
    resumable: true,
  },
  {
    case: 'a checksum mismatch',
    handler: (_request, response) => {
      const altered = Buffer.from(occupation)
      altered[100] = (altered[100] ?? 0) ^ 0xff
      response.writeHead(200, { 'content-length': altered.length }).end(altered)
    },
    message: /checksum mismatch: its sha256 is [0-9a-f]{64} where the manifest records [0-9a-f]{64} \(a new edition\?/,
  },
  {
    case: 'a size other than the manifest\'s',
    handler: (_request, response) => { response.writeHead(200, { 'content-length': 10 }).end('0123456789') },
    message: /the server offers 10 bytes where the manifest records/,
  },
  {
    case: 'a compressed body',
    handler: (_request, response) => { response.writeHead(200, { 'content-encoding': 'gzip' }).end('x') },
    message: /the server sent the file encoded \(gzip\) though asked not to/,
  },
  {
    case: 'a broken archive',
    file: async () => publish('oews-national-2024', Buffer.from('not a zip archive at all')),
    message: /^oesm24nat\.zip: download from http:\/\/127\.0\.0\.1:\d+\/oesm24nat\.zip failed: the archive cannot/,
  },
]

for (const failure of failures) {
  t.test(`${failure.case}: one message naming the file, the address and the reason; nothing imported`, async (t) => {
    const good = publish('soc-structure', structure)
    const bad = failure.file === undefined ? publish('ep-occupation', occupation) : await failure.file()
    if (failure.handler !== undefined) handlers.set(fileName(bad), failure.handler)
    t.teardown(() => handlers.delete(fileName(bad)))
    const into = await folder()
    const before = await imported()
    let opened = 0
    const args = { folder: into, contact: CONTACT, baseUrl: base, entries: [good, bad], timeoutMs: 300 }
    const error = await downloadAndImport(args, async () => {
      opened++
      return { db, close: async () => undefined }
    }, { out: { write: () => true } as unknown as NodeJS.WritableStream, progressFor: () => silentTransfer })
      .then(() => null, (caught: unknown) => caught)
    t.type(error, DownloadError)
    const message = (error as Error).message
    t.match(message, new RegExp(`^${fileName(bad).replace('.', '\\.')}: download from ` +
      `${base.replace(/\./g, '\\.')}/${fileName(bad).replace('.', '\\.')} failed: `), 'names the file and the address')
    t.match(message, failure.message, 'and the reason')
    t.match(message, /\. Nothing was imported$/)
    t.notMatch(message, /\n/, 'in one line')
    t.equal(opened, 0, 'the database was never opened')
    t.same(await imported(), before, 'no source and no career was added')
    t.notOk((await readdir(into)).includes(fileName(bad)), 'the bad file is not left as if complete')
    const part = path.join(into, `${fileName(bad)}.part`)
    if (failure.resumable === true) {
      const kept = Number(/([\d,]+) of [\d,]+ bytes/.exec(message)?.[1]?.replace(/,/g, ''))
      t.equal((await readFile(part)).length, kept, 'the part is kept for the next run, as long as the message says')
    } else {
      t.notOk(existsSync(part), 'no part is kept')
    }
  })
}

t.test('the progress bar: silent off a terminal, a count when the size is unknown', async (t) => {
  const pipe = { isTTY: false, write: () => t.fail('wrote to a pipe') } as unknown as NodeJS.WriteStream
  const quiet = terminalBar('x', pipe, 0)
  quiet.start(10, 0)
  quiet.advance(5)
  quiet.done()
  let written = ''
  const terminal = { isTTY: true, write: (text: string) => { written += text; return true } }
  const bar = terminalBar('big.zip', terminal as unknown as NodeJS.WriteStream, 0)
  bar.start(null, 1_500_000)
  bar.advance(1_000_000)
  bar.done()
  // Each line ends by erasing the rest of the old one (ESC [ K).
  t.equal(written, '\rbig.zip 1.5 MB\x1b[K\rbig.zip 2.5 MB\x1b[K\r\x1b[K')
  let none = ''
  const unused = terminalBar('y', { isTTY: true, write: (text: string) => { none += text } } as unknown as
    NodeJS.WriteStream, 0)
  unused.done()
  t.equal(none, '', 'nothing to erase when nothing was drawn')
})
