// Stoplight Prism's validating proxy (the @stoplight/prism-cli devDependency) as its own
// process in front of a running app. Prism relays every request and answer unchanged and adds
// `sl-violations` to the answer: what in the request and in the answer the document does not allow.
import { spawn } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { childEnv } from './server.js'

interface Teardown { teardown: (fn: () => unknown) => void }

export interface Prism {
  /** Where the proxy listens, e.g. http://127.0.0.1:40123. */
  url: string
  /** The end of what Prism printed, for a failure's message. */
  output: () => string
}

/** One entry of `sl-violations`, as Prism 5 writes it. */
export interface Violation {
  /** `request` or `response`, then where: `query.limit`, `body.data.0.slug`, `header.etag`. */
  location: string[]
  severity: string
  code?: string | number
  message: string
}

const PACKAGE = path.join(process.cwd(), 'node_modules/@stoplight/prism-cli')
// Enough of Prism's log to see why a request failed, without keeping every request it logged.
const KEEP = 64 * 1024

/** Starts `prism proxy <document> <upstream>` on a free loopback port and waits until it listens. */
export async function startPrism (t: Teardown, document: string, upstream: string): Promise<Prism> {
  const manifest = JSON.parse(await readFile(path.join(PACKAGE, 'package.json'), 'utf8')) as { bin: { prism: string } }
  // Port 0: the system picks a free port and Prism prints the one it got.
  const child = spawn(process.execPath, [
    path.join(PACKAGE, manifest.bin.prism), 'proxy', document, upstream, '--host', '127.0.0.1', '--port', '0',
    // Relay CORS as the API answers it: by default Prism answers preflights itself and adds its own headers.
    '--cors=false',
  ], { env: { ...childEnv(), NO_COLOR: '1', FORCE_COLOR: '0' }, stdio: ['ignore', 'pipe', 'pipe'] })
  let printed = ''
  const keep = (chunk: Buffer) => { printed = (printed + chunk.toString()).slice(-KEEP) }
  child.stdout.on('data', keep)
  child.stderr.on('data', keep)
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  t.teardown(async () => {
    if (child.exitCode !== null || child.signalCode !== null) return
    child.kill('SIGTERM')
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
    await exited
    clearTimeout(timer)
  })
  const url = await new Promise<string>((resolve, reject) => {
    // Registered after `keep`, so `printed` already holds the chunk (the line may come split).
    const listening = () => {
      const address = /Prism is listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(printed)
      if (address?.[1] === undefined) return
      child.stdout.off('data', listening)
      resolve(address[1])
    }
    child.stdout.on('data', listening)
    void exited.then(() => reject(new Error(`Prism exited before listening:\n${printed}`)))
  })
  return { url, output: () => printed }
}

/**
 * The violations an answer's `sl-violations` lists. Prism cuts a value longer than about 8 KB
 * and prefixes it with "Too many violations!": that one is returned as a single violation
 * carrying the cut text, so it still fails the check that reads it.
 */
export function violationsOf (header: string | string[] | undefined): Violation[] {
  if (header === undefined) return []
  const value = Array.isArray(header) ? header.join(',') : header
  try {
    return JSON.parse(value) as Violation[]
  } catch {
    return [{ location: ['header', 'sl-violations'], severity: 'Error', message: value.slice(0, 2000) }]
  }
}
