// Computed GET answers kept in memory, least recently used first out, within a byte bound.
// Correctness rests on two rules: the cache is only active while data changes are heard
// (otherwise a change could go unnoticed), and an answer is stored only if no change was
// heard since its request began (else it may have been computed from the older data).
export interface StoredAnswer {
  body: Buffer
  etag: string
  contentType: string
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
    this.#entries.set(ticket.key, { answer: { body: copy, etag, contentType }, size })
    this.#bytes += size
    for (const [oldest] of this.#entries) {
      if (this.#bytes <= this.maxBytes) break
      this.#remove(oldest)
      this.#evictions++
    }
    return true
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

  #remove (key: string): void {
    const entry = this.#entries.get(key)
    if (entry === undefined) return
    this.#entries.delete(key)
    this.#bytes -= entry.size
  }
}
