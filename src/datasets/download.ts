// Downloads the manifest's files into a folder and checks each one before anything is
// imported. node:http rather than fetch: fetch asks for compressed bodies and decodes them,
// which hides the byte counts that resuming (Range) and the truncation check rest on.
import { createHash } from 'node:crypto'
import { createReadStream, createWriteStream, readFileSync } from 'node:fs'
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
import http from 'node:http'
import https from 'node:https'
import path from 'node:path'
import { Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { DatasetFile } from './manifest.js'
import { terminalBar, type TransferProgress } from './progress.js'
import { unpackZip } from './unzip.js'

const VERSION = ((): string => {
  // src/datasets and dist/datasets both sit two levels below the package.
  try {
    const manifest = readFileSync(new URL('../../package.json', import.meta.url), 'utf8')
    return (JSON.parse(manifest) as { version?: string }).version ?? '0.0.0'
  } catch {
    return '0.0.0'
  }
})()

export const DEFAULT_TIMEOUT_MS = 60_000

export const CONTACT_REQUIRED = 'datasets download needs the operator\'s contact for its User-Agent: BLS refuses ' +
  'downloads from clients that do not say who they are (it answers 403) and asks for an email address it can ' +
  'write to about the traffic. Pass --contact you@example.org, or set CAREER_FACTS_CONTACT'

/** Why `contact` cannot go in the User-Agent, or null when it can. */
export function contactProblem (contact: string | undefined): string | null {
  if (contact === undefined || contact.trim() === '') return CONTACT_REQUIRED
  // Printable ASCII without spaces or parentheses: it sits inside the header's comment.
  if (!/^[!-'*-~]+$/.test(contact) || !(contact.includes('@') || /^https?:\/\//.test(contact))) {
    return `the contact "${contact}" should be an email address (or a web address) without spaces or ` +
      'parentheses: it goes in the User-Agent header'
  }
  return null
}

export function userAgent (contact: string): string {
  return `career-facts/${VERSION} (${contact})`
}

/** The file name a manifest address ends in, which a mirror serves it under too. */
export function fileName (entry: Pick<DatasetFile, 'url'>): string {
  return decodeURIComponent(new URL(entry.url).pathname.split('/').pop() ?? '')
}

/** Where the file is fetched from: the publisher's address, or `<base>/<file name>` on a mirror. */
export function sourceUrl (entry: Pick<DatasetFile, 'url'>, baseUrl: string | null = null): string {
  if (baseUrl === null) return entry.url
  return `${baseUrl.replace(/\/+$/, '')}/${encodeURIComponent(fileName(entry))}`
}

/** One file that could not be had: its name, the address asked and why, in one line. */
export class DownloadError extends Error {
  override name = 'DownloadError'
  constructor (readonly file: string, readonly url: string, readonly reason: string) {
    super(`${file}: download from ${url} failed: ${reason}`)
  }
}

export interface DownloadOptions {
  folder: string
  contact: string
  /** A mirror's address (`--from`): every file is fetched as `<base>/<file name>`. */
  baseUrl?: string | null
  /** Give up on a file when no byte arrives for this long. */
  timeoutMs?: number
  progressFor?: (label: string) => TransferProgress
  /** A line per file once it is downloaded and checked. */
  log?: (line: string) => void
}

export interface Downloaded {
  entry: DatasetFile
  url: string
  /** The file as downloaded; an archive is removed once unpacked. */
  file: string
  bytes: number
  sha256: string
  /** Bytes an earlier, interrupted run had already fetched (0: fetched from the start). */
  resumedFrom: number
  /** A complete earlier download matched the manifest's digest, so nothing was fetched. */
  reused: boolean
  /** The folder an archive was unpacked into, and the files in it; null for a plain file. */
  unpacked: { folder: string, files: string[] } | null
}

interface PartState { url: string, etag: string | null, lastModified: string | null }

async function sizeOf (file: string): Promise<number | null> {
  try {
    return (await stat(file)).size
  } catch {
    return null
  }
}

async function readState (file: string): Promise<PartState | null> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as PartState
  } catch {
    return null
  }
}

export async function sha256Of (file: string): Promise<string> {
  const hash = createHash('sha256')
  await pipeline(createReadStream(file), hash)
  return hash.digest('hex')
}

function statusReason (status: number, message: string, agent: string): string {
  const answer = `HTTP ${status}${message === '' ? '' : ` ${message}`}`
  if (status === 401 || status === 403) {
    return `the server refused the download (${answer}); BLS refuses clients it cannot identify, so check that ` +
      `the contact in the User-Agent "${agent}" is a real address, and that this address may download from it`
  }
  if (status === 404 || status === 410) {
    return `the server has no such file (${answer}): the publisher may have moved or renamed it, ` +
      'in which case src/datasets/manifest.ts needs its new address'
  }
  if (status === 429 || status === 503) return `the server is busy or limiting downloads (${answer}): try again later`
  return `the server answered ${answer}`
}

function parseContentRange (header: string | undefined): { start: number, end: number, total: number | null } | null {
  const match = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(header ?? '')
  if (match === null) return null
  return { start: Number(match[1]), end: Number(match[2]), total: match[3] === '*' ? null : Number(match[3]) }
}

interface Answer { response: http.IncomingMessage, timedOut: () => boolean }

/** A GET that follows redirects; a socket silent for `timeoutMs` (before or during the body) is cut. */
function get (
  url: string,
  headers: http.OutgoingHttpHeaders,
  timeoutMs: number,
  fail: (reason: string) => DownloadError,
  redirects = 5,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const target = new URL(url)
    const send = target.protocol === 'https:' ? https.get : http.get
    let timedOut = false
    // A fresh connection each time: no idle keep-alive socket outlives the command.
    const request = send(target, { headers, agent: false }, (response) => {
      const status = response.statusCode ?? 0
      const location = response.headers.location
      if (status >= 300 && status < 400 && location !== undefined) {
        response.destroy()
        const next = new URL(location, target)
        if (redirects === 0) reject(fail(`too many redirects (the last to ${next.href})`))
        else if (next.protocol !== 'http:' && next.protocol !== 'https:') reject(fail(`redirected to ${next.href}`))
        else get(next.href, headers, timeoutMs, fail, redirects - 1).then(resolve, reject)
        return
      }
      resolve({ response, timedOut: () => timedOut })
    })
    request.setTimeout(timeoutMs, () => {
      timedOut = true
      request.destroy()
    })
    request.on('error', (error: NodeJS.ErrnoException) => {
      reject(fail(timedOut
        ? `no answer within ${timeoutMs / 1000} s (timeout)`
        : `could not reach the server (${error.code ?? error.message})`))
    })
  })
}

/**
 * Fetches `url` into `part`, resuming from what an earlier run left there. Returns the
 * bytes that were already there. Leaves the part in place when the transfer breaks off, so
 * the next run resumes; throws a DownloadError naming the reason.
 */
async function fetchPart (
  entry: DatasetFile,
  url: string,
  part: string,
  agent: string,
  timeoutMs: number,
  progress: TransferProgress,
): Promise<number> {
  const name = fileName(entry)
  const fail = (reason: string): DownloadError => new DownloadError(name, url, reason)
  const stateFile = `${part}.json`
  const state = await readState(stateFile)
  let offset = await sizeOf(part) ?? 0
  // A part fetched from another address, or longer than the file, cannot be continued.
  if ((state !== null && state.url !== url) || (entry.bytes !== null && offset > entry.bytes)) offset = 0
  for (let attempt = 0; ; attempt++) {
    const headers: http.OutgoingHttpHeaders = { 'user-agent': agent, 'accept-encoding': 'identity', accept: '*/*' }
    if (offset > 0) {
      headers.range = `bytes=${offset}-`
      // If-Range: the server sends the whole file instead when it changed since the part began.
      const validator = state?.etag?.startsWith('W/') === false ? state.etag : state?.lastModified
      if (validator !== null && validator !== undefined) headers['if-range'] = validator
    }
    const { response, timedOut } = await get(url, headers, timeoutMs, fail)
    const status = response.statusCode ?? 0
    const range = parseContentRange(response.headers['content-range'])
    if (status === 416 && offset > 0) {
      response.destroy()
      // The part may hold the whole file already: the answer says how long the file is.
      const whole = /^bytes \*\/(\d+)$/.exec(response.headers['content-range'] ?? '')
      if (whole !== null && Number(whole[1]) === offset) return offset
      if (attempt > 0) throw fail(statusReason(status, response.statusMessage ?? '', agent))
      offset = 0
      continue
    }
    if (status !== 200 && status !== 206) {
      response.destroy()
      throw fail(statusReason(status, response.statusMessage ?? '', agent))
    }
    const encoding = response.headers['content-encoding']
    if (encoding !== undefined && encoding !== 'identity') {
      response.destroy()
      throw fail(`the server sent the file encoded (${encoding}) though asked not to`)
    }
    let start = 0
    let expected: number | null
    let total: number | null
    if (status === 206) {
      if (range === null || range.start !== offset) {
        response.destroy()
        if (attempt > 0) throw fail('the server answered a request to resume with another part of the file')
        offset = 0
        continue
      }
      start = offset
      expected = range.end - range.start + 1
      total = range.total
    } else {
      // 200 to a request with Range: the server ignored it, and the body is the whole file.
      const length = response.headers['content-length']
      expected = length === undefined ? null : Number(length)
      total = expected
    }
    if (entry.bytes !== null && total !== null && total !== entry.bytes) {
      response.destroy()
      await rm(part, { force: true })
      throw fail(`the server offers ${total.toLocaleString('en-US')} bytes where the manifest records ` +
        `${entry.bytes.toLocaleString('en-US')} (a new edition? then src/datasets/manifest.ts needs updating)`)
    }
    const etag = response.headers.etag ?? null
    const lastModified = response.headers['last-modified'] ?? null
    await writeFile(stateFile, JSON.stringify({ url, etag, lastModified } satisfies PartState))
    let received = 0
    const counter = new Transform({
      transform (chunk: Buffer, _encoding, done) {
        received += chunk.length
        progress.advance(chunk.length)
        done(null, chunk)
      },
    })
    const sink = createWriteStream(part, { flags: start > 0 ? 'a' : 'w' })
    const sinkFailed: { error?: Error } = {}
    sink.once('error', (error) => { sinkFailed.error = error })
    progress.start(total, start)
    const got = (): string => (start + received).toLocaleString('en-US')
    const of = total === null ? '' : ` of ${total.toLocaleString('en-US')}`
    try {
      await pipeline(response, counter, sink)
    } catch (error) {
      if (sinkFailed.error !== undefined) throw fail(`cannot write ${part}: ${sinkFailed.error.message}`)
      // What the part holds is what a resume continues from: bytes still buffered when the
      // connection broke never reached it.
      const kept = (await sizeOf(part) ?? 0).toLocaleString('en-US')
      if (timedOut()) {
        throw fail(`no data for ${timeoutMs / 1000} s, after ${kept}${of} bytes (timeout); ` +
          'run the command again to resume')
      }
      const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message
      throw fail(`truncated: the connection closed after ${kept}${of} bytes (${code}); ` +
        'run the command again to resume')
    } finally {
      progress.done()
    }
    if (expected !== null && received < expected) {
      throw fail(`truncated: the body ended after ${got()}${of} bytes; run the command again to resume`)
    }
    if (expected !== null && received > expected) {
      await rm(part, { force: true })
      throw fail(`the server sent ${received} bytes where it announced ${expected}`)
    }
    return start
  }
}

/** Downloads one manifest entry into `folder`, checks it, and unpacks it when it is an archive. */
async function downloadOne (entry: DatasetFile, options: DownloadOptions): Promise<Downloaded> {
  const name = fileName(entry)
  const url = sourceUrl(entry, options.baseUrl ?? null)
  const fail = (reason: string): DownloadError => new DownloadError(name, url, reason)
  const target = path.join(options.folder, name)
  const part = `${target}.part`
  let resumedFrom = 0
  let reused = false
  let sha256: string
  // A complete earlier download of the very edition the manifest pins need not be fetched again.
  if (entry.sha256 !== null && await sizeOf(target) === entry.bytes && await sha256Of(target) === entry.sha256) {
    reused = true
    sha256 = entry.sha256
  } else {
    const progress = (options.progressFor ?? terminalBar)(name)
    resumedFrom = await fetchPart(entry, url, part, userAgent(options.contact), options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      progress)
    const bytes = (await stat(part)).size
    if (entry.bytes !== null && bytes !== entry.bytes) {
      // Shorter: the server never said how long the file is and stopped early; resumable.
      if (bytes < entry.bytes) {
        throw fail(`truncated: ${bytes.toLocaleString('en-US')} of ${entry.bytes.toLocaleString('en-US')} bytes; ` +
          'run the command again to resume')
      }
      await rm(part, { force: true })
      throw fail(`the file has ${bytes} bytes where the manifest records ${entry.bytes}`)
    }
    const digest = await sha256Of(part)
    if (entry.sha256 !== null && digest !== entry.sha256) {
      await rm(part, { force: true })
      await rm(`${part}.json`, { force: true })
      throw fail(`checksum mismatch: its sha256 is ${digest} where the manifest records ${entry.sha256} ` +
        '(a new edition? then src/datasets/manifest.ts needs updating)')
    }
    await rename(part, target)
    await rm(`${part}.json`, { force: true })
    sha256 = digest
  }
  const bytes = (await stat(target)).size
  let unpacked: Downloaded['unpacked'] = null
  if (entry.kind === 'zip') {
    const folder = path.join(options.folder, name.replace(/\.zip$/i, ''))
    try {
      unpacked = { folder, files: await unpackZip(target, folder) }
    } catch (error) {
      // Fully downloaded yet unreadable: fetched anew next time rather than resumed.
      await rm(target, { force: true })
      throw fail(`the archive cannot be unpacked (${(error as Error).message})`)
    }
    // The unpacked files are what gets imported; the archive would only be listed as skipped.
    await rm(target, { force: true })
  }
  return { entry, url, file: target, bytes, sha256, resumedFrom, reused, unpacked }
}

function describe (result: Downloaded): string {
  const size = `${(result.bytes / 1_000_000).toFixed(1)} MB`
  const how = result.reused
    ? 'already downloaded'
    : result.resumedFrom > 0 ? `resumed after ${result.resumedFrom.toLocaleString('en-US')} bytes` : 'downloaded'
  const check = result.entry.sha256 === null ? 'no checksum known' : 'sha256 as the manifest records'
  const unpacked = result.unpacked === null
    ? ''
    : `, unpacked ${result.unpacked.files.length} files into ${path.basename(result.unpacked.folder)}/`
  return `${fileName(result.entry)}: ${how}, ${size}, ${check}${unpacked}`
}

/**
 * Downloads, checks and unpacks every entry in order, and stops at the first that fails.
 * Files done before it stay in the folder, and an interrupted one's `.part` resumes next time.
 */
export async function downloadDatasets (
  entries: readonly DatasetFile[],
  options: DownloadOptions,
): Promise<Downloaded[]> {
  const problem = contactProblem(options.contact)
  if (problem !== null) throw new Error(problem)
  await mkdir(options.folder, { recursive: true })
  const results: Downloaded[] = []
  for (const entry of entries) {
    const result = await downloadOne(entry, options)
    options.log?.(describe(result))
    results.push(result)
  }
  return results
}
