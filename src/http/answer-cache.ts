// Computed GET answers kept in memory, least recently used first out, within a byte bound.
// Correctness rests on two rules: the cache is only active while data changes are heard
// (otherwise a change could go unnoticed), and an answer is stored only if no change was
// heard since its request began (else it may have been computed from the older data).
//
// An answer keeps its compressed forms too: each is made once, the first time a client asks
// for it, and counts against the same byte bound. Compressing a stored answer again on every
// request cost most of the time a cached answer takes (Node's fetch and browsers always ask).
import { promisify } from 'node:util'
import zlib from 'node:zlib'

/** The content codings kept beside an answer's bytes, in the order preferred when equal. */
export const CODINGS = ['br', 'gzip'] as const
export type Coding = typeof CODINGS[number]

export interface StoredAnswer {
  body: Buffer
  etag: string
  contentType: string
  /** The body in each coding made so far. */
  encoded: Partial<Record<Coding, Buffer>>
}

// Below this a compressed body saves less than its headers cost (@fastify/compress's default).
export const COMPRESS_FROM_BYTES = 1024

// Made once and then served many times, so a better ratio than a per-request compressor's is
// worth it; brotli above quality 6 costs several times the CPU for a few percent.
const compressors: Record<Coding, (body: Buffer) => Promise<Buffer>> = {
  br: (body) => promisify(zlib.brotliCompress)(body, {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: 6,
      [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length,
    },
  }),
  gzip: (body) => promisify(zlib.gzip)(body, { level: 6 }),
}

/**
 * The coding to answer with for an Accept-Encoding header: the one with the highest q-value
 * among br and gzip (`*` stands for any not named; q=0 refuses), br when equal; null for
 * the identity (no header, or neither accepted).
 */
export function preferredCoding (header: string | undefined): Coding | null {
  if (header === undefined || header === '') return null
  const weights = new Map<string, number>()
  for (const part of header.split(',')) {
    const [name = '', ...parameters] = part.split(';').map((piece) => piece.trim().toLowerCase())
    const q = parameters.find((parameter) => parameter.startsWith('q='))
    const weight = q === undefined ? 1 : Number(q.slice(2))
    if (name !== '') weights.set(name, Number.isFinite(weight) ? weight : 0)
  }
  let best: Coding | null = null
  let bestWeight = 0
  for (const coding of CODINGS) {
    const weight = weights.get(coding) ?? weights.get('*') ?? 0
    if (weight > bestWeight) {
      best = coding
      bestWeight = weight
    }
  }
  return best
}

export interface AnswerCacheStats {
  entries: number
  bytes: number
  maxBytes: number
  hits: number
  misses: number
  evictions: number
  invalidations: number
}

/** Where an answer is stored, and the data generation its request saw. */
export interface AnswerTicket {
  key: string
  generation: number
}

// Roughly what an entry costs beyond its body: the key, the ETag, the content type, the Map
// slot and objects.
const ENTRY_OVERHEAD = 200

/**
 * The cache key: the path and the query's parameters in a stable order. Pairs are sorted by
 * name as sent (not decoded, so no two spellings that the query parser could read apart
 * share a key); the sort is stable, so repeated parameters keep their order.
 */
export function answerKey (url: string): string {
  const mark = url.indexOf('?')
  if (mark === -1) return url
  const pairs = url.slice(mark + 1).split('&').filter((pair) => pair !== '')
  const name = (pair: string): string => {
    const equals = pair.indexOf('=')
    return equals === -1 ? pair : pair.slice(0, equals)
  }
  pairs.sort((a, b) => {
    const left = name(a)
    const right = name(b)
    return left < right ? -1 : left > right ? 1 : 0
  })
  return `${url.slice(0, mark)}?${pairs.join('&')}`
}

export class AnswerCache {
  readonly #entries = new Map<string, { answer: StoredAnswer, size: number }>()
  /** Compressions under way, so that concurrent first requests share one. */
  readonly #pending = new Map<string, Promise<Buffer>>()
  #bytes = 0
  #generation = 0
  #active = false
  #hits = 0
  #misses = 0
  #evictions = 0
  #invalidations = 0

  constructor (readonly maxBytes: number) {}

  /** The stored answer, now the most recently used; undefined when absent or inactive. */
  get (key: string): StoredAnswer | undefined {
    const entry = this.#active ? this.#entries.get(key) : undefined
    if (entry === undefined) {
      this.#misses++
      return undefined
    }
    this.#hits++
    this.#entries.delete(key)
    this.#entries.set(key, entry)
    return entry.answer
  }

  /** Taken when a request starts computing its answer, before it reads any data. */
  ticket (key: string): AnswerTicket {
    return { key, generation: this.#generation }
  }

  /** Stores the answer unless the data changed since the ticket, or it alone exceeds the bound. */
  set (ticket: AnswerTicket, body: string | Buffer, etag: string, contentType: string): boolean {
    if (!this.#active || ticket.generation !== this.#generation) return false
    const length = Buffer.byteLength(body)
    const size = length + ticket.key.length * 2 + ENTRY_OVERHEAD
    if (size > this.maxBytes) return false
    // Its own allocation: a slice of Node's shared pool would keep the whole 8 KB slab alive.
    const copy = Buffer.allocUnsafeSlow(length)
    if (typeof body === 'string') copy.write(body)
    else body.copy(copy)
    this.#remove(ticket.key)
    this.#entries.set(ticket.key, { answer: { body: copy, etag, contentType, encoded: {} }, size })
    this.#bytes += size
    this.#evictOverBound()
    return true
  }

  /**
   * The stored answer's body in this coding, made now if no request has asked for it yet, and
   * kept (counted in the bound) while the answer is still the one stored under the key.
   */
  async encoded (key: string, answer: StoredAnswer, coding: Coding): Promise<Buffer> {
    const made = answer.encoded[coding]
    if (made !== undefined) return made
    const pendingKey = `${coding} ${key}`
    let pending = this.#pending.get(pendingKey)
    if (pending === undefined) {
      pending = compressors[coding](answer.body)
      this.#pending.set(pendingKey, pending)
    }
    try {
      const body = await pending
      const entry = this.#entries.get(key)
      if (entry?.answer === answer && answer.encoded[coding] === undefined) {
        answer.encoded[coding] = body
        entry.size += body.length
        this.#bytes += body.length
        this.#evictOverBound()
      }
      return body
    } finally {
      this.#pending.delete(pendingKey)
    }
  }

  /** The data changed: every answer is forgotten, and answers in progress are not stored. */
  invalidate (): void {
    this.#generation++
    this.#invalidations++
    this.#entries.clear()
    this.#bytes = 0
  }

  /** Serve and store only while changes are heard; either way the answers held so far are forgotten. */
  activate (heard: boolean): void {
    this.#active = heard
    this.invalidate()
  }

  get active (): boolean {
    return this.#active
  }

  stats (): AnswerCacheStats {
    return {
      entries: this.#entries.size,
      bytes: this.#bytes,
      maxBytes: this.maxBytes,
      hits: this.#hits,
      misses: this.#misses,
      evictions: this.#evictions,
      invalidations: this.#invalidations,
    }
  }

  #evictOverBound (): void {
    for (const [oldest] of this.#entries) {
      if (this.#bytes <= this.maxBytes) break
      this.#remove(oldest)
      this.#evictions++
    }
  }

  #remove (key: string): void {
    const entry = this.#entries.get(key)
    if (entry === undefined) return
    this.#entries.delete(key)
    this.#bytes -= entry.size
  }
}
