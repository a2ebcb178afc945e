// `datasets download`: fetch the manifest's official files, check and unpack them, and only
// then open the database and import the folder, so a failed download leaves it untouched.
import os from 'node:os'
import path from 'node:path'
import type { Config } from '../config.js'
import type { Db } from '../db/connect.js'
import { openDatabase } from '../db/open.js'
import {
  contactProblem, DEFAULT_TIMEOUT_MS, DownloadError, downloadDatasets, type Downloaded,
} from '../datasets/download.js'
import { MANIFEST, type DatasetFile } from '../datasets/manifest.js'
import type { TransferProgress } from '../datasets/progress.js'
import { importFolder } from '../import/all.js'
import { terminalProgress } from '../import/progress.js'
import { UsageError } from './usage.js'

const NAMES = MANIFEST.map((entry) => entry.name)

/** Where downloads go by default: a cache outside the working copy, kept between runs so a part resumes. */
export function defaultFolder (env: NodeJS.ProcessEnv = process.env): string {
  const cache = env.XDG_CACHE_HOME !== undefined && env.XDG_CACHE_HOME !== ''
    ? env.XDG_CACHE_HOME
    : path.join(os.homedir(), '.cache')
  return path.join(cache, 'career-facts', 'datasets')
}

/** `words` joined by commas in lines of at most `width` characters, each indented by `indent`. */
function wrap (words: string[], indent: number, width: number): string {
  const lines: string[] = []
  let line = ''
  for (const word of words) {
    const next = line === '' ? word : `${line}, ${word}`
    if (indent + next.length + 1 > width && line !== '') {
      lines.push(`${line},`)
      line = word
    } else {
      line = next
    }
  }
  lines.push(line)
  return lines.map((text) => ' '.repeat(indent) + text).join('\n')
}

export const DATASETS_USAGE = `  datasets download      fetch the official files src/datasets/manifest.ts lists, check
                         and unpack them, then import the folder as import all does;
                         nothing is imported unless every file arrives intact
      --dir <folder>          where the files go (default ~/.cache/career-facts/datasets)
      --contact <email>       required: the operator's contact, sent in the User-Agent, as BLS asks
                              (or CAREER_FACTS_CONTACT)
      --from <url>            a mirror serving each file as <url>/<file name>
                              (or CAREER_FACTS_DATASETS_URL)
      --only <name,…>         only these files (the manifest's names):
${wrap(NAMES, 30, 100)}
      --timeout <seconds>     give up on a file after this long without a byte (default ${DEFAULT_TIMEOUT_MS / 1000})
`

export interface DatasetsArgs {
  folder: string
  contact: string
  baseUrl: string | null
  entries: DatasetFile[]
  timeoutMs: number
}

function given (value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value
}

export function parseDatasetsArgs (args: string[], env: NodeJS.ProcessEnv = process.env): DatasetsArgs {
  const [action, ...rest] = args
  if (action !== 'download') throw new UsageError('datasets needs an action: download')
  let folder = defaultFolder(env)
  let contact = given(env.CAREER_FACTS_CONTACT)
  let baseUrl = given(env.CAREER_FACTS_DATASETS_URL) ?? null
  let entries = [...MANIFEST]
  let timeoutMs = DEFAULT_TIMEOUT_MS
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] ?? ''
    const value = rest[++i]
    if (value === undefined || value === '' || !['--dir', '--contact', '--from', '--only', '--timeout'].includes(arg)) {
      throw new UsageError(`bad option ${arg}${value === undefined ? '' : ` ${value}`}`)
    }
    if (arg === '--dir') folder = value
    else if (arg === '--contact') contact = value
    else if (arg === '--from') baseUrl = value
    else if (arg === '--timeout') {
      timeoutMs = Number(value) * 1000
      if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new UsageError(`bad option --timeout ${value}`)
    } else {
      const names = value.split(',').map((name) => name.trim()).filter((name) => name !== '')
      const unknown = names.filter((name) => !NAMES.includes(name))
      if (unknown.length > 0 || names.length === 0) {
        throw new UsageError(`--only names no file of the manifest: ${unknown.join(', ') || value}`)
      }
      entries = MANIFEST.filter((entry) => names.includes(entry.name))
    }
  }
  const problem = contactProblem(contact)
  if (problem !== null || contact === undefined) throw new UsageError(problem ?? '')
  if (baseUrl !== null && !/^https?:\/\/[^/\s]+/.test(baseUrl)) {
    throw new UsageError(`--from (or CAREER_FACTS_DATASETS_URL) must be an http(s) address: ${baseUrl}`)
  }
  return { folder, contact, baseUrl, entries, timeoutMs }
}

export interface DatasetsIo {
  out: NodeJS.WritableStream
  /** The progress bar of each download; the terminal's by default. */
  progressFor?: (label: string) => TransferProgress
}

/**
 * Downloads everything first; only when every file arrived and passed its checks is the
 * database opened (`open`) and the folder imported. A failure names the file, the address and
 * the reason, and says nothing was imported.
 */
export async function downloadAndImport (
  args: DatasetsArgs,
  open: () => Promise<{ db: Db, close: () => Promise<void> }>,
  io: DatasetsIo = { out: process.stdout },
): Promise<{ downloaded: Downloaded[] }> {
  let downloaded: Downloaded[]
  try {
    downloaded = await downloadDatasets(args.entries, {
      folder: args.folder,
      contact: args.contact,
      baseUrl: args.baseUrl,
      timeoutMs: args.timeoutMs,
      ...(io.progressFor === undefined ? {} : { progressFor: io.progressFor }),
      log: (line) => io.out.write(`${line}\n`),
    })
  } catch (error) {
    if (!(error instanceof DownloadError)) throw error
    throw new DownloadError(error.file, error.url, `${error.reason}. Nothing was imported`)
  }
  const handle = await open()
  try {
    const result = await importFolder(handle.db, args.folder, {}, (file) => terminalProgress(path.basename(file)))
    for (const summary of result.summaries) io.out.write(summary.format())
    for (const { file, reason } of result.skipped) {
      io.out.write(`skipped ${path.relative(args.folder, file)}: ${reason}\n`)
    }
  } finally {
    await handle.close()
  }
  return { downloaded }
}

/** Refuses an in-memory database before fetching anything: the import would be lost with the process. */
export async function datasetsCommand (config: Config, args: DatasetsArgs): Promise<void> {
  if (config.databaseUrl === null && config.pgliteDir === null) {
    throw new UsageError('datasets download imports into a database that outlives the command: set DATABASE_URL, ' +
      'or PGLITE_DIR for the embedded one')
  }
  await downloadAndImport(args, () => openDatabase({ ...config, dbPoolMax: 2 }))
}
