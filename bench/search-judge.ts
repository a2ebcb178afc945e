// The judging of career search over bench/search-queries.json, shared by `npm run bench:search`
// (bench/search.ts) and test/resources/careers/search.test.ts: each judged query through the
// app in-process as a partner's client sends it (GET /v1/careers?q=…&kind=occupation,group, the
// default page of 20, accepting gzip); the rank of the judged code, hit@1, hit@3, MRR, latency.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { gunzipSync, inflateSync } from 'node:zlib'
import type { FastifyInstance } from 'fastify'

export interface JudgedQuery {
  q: string
  /** The SOC 2018 code a person means; several when they are equally right. */
  soc: string[]
  kind: 'word' | 'title' | 'abbreviation' | 'misspelling'
}

export interface Listed {
  socCode: string | null
  title: string
  match: { score: number, matched: string, alternateTitle: string | null } | null
}

export interface Judged extends JudgedQuery {
  /** 1-based rank of the first judged code among the first 100 results; null beyond. */
  rank: number | null
  top: Listed[]
  /** Median of the timed runs, ms. */
  ms: number
}

export interface Figures {
  queries: number
  hit1: number
  hit3: number
  mrr: number
  p50: number
  p99: number
}

export const QUERIES_FILE = fileURLToPath(new URL('./search-queries.json', import.meta.url))

/** The judged queries of a file in the layout of bench/search-queries.json. */
export function judgedQueries (file = QUERIES_FILE): JudgedQuery[] {
  return (JSON.parse(readFileSync(file, 'utf8')) as { queries: JudgedQuery[] }).queries
}

// What a partner's client sends: JSON, compressed when the server will.
const HEADERS = { accept: 'application/json', 'accept-encoding': 'gzip, deflate' }

function searchUrl (q: string, limit?: number): string {
  return `/v1/careers?q=${encodeURIComponent(q)}&kind=occupation,group${limit === undefined ? '' : `&limit=${limit}`}`
}

export async function search (app: FastifyInstance, q: string, limit?: number): Promise<Listed[]> {
  return listPage(app, searchUrl(q, limit))
}

/** One page of a career list, requested with the headers a partner's client sends. */
export async function listPage (app: FastifyInstance, url: string): Promise<Listed[]> {
  const response = await app.inject({ method: 'GET', url, headers: HEADERS })
  if (response.statusCode !== 200) throw new Error(`${url}: ${response.statusCode} ${response.body}`)
  const encoding = response.headers['content-encoding']
  const body = encoding === 'gzip'
    ? gunzipSync(response.rawPayload)
    : encoding === 'deflate' ? inflateSync(response.rawPayload) : response.rawPayload
  return (JSON.parse(body.toString('utf8')) as { data: Listed[] }).data
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN

/** The nearest-rank percentile. */
function percentile (values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? NaN
}

/** The nearest-rank percentile. */
export function percentileOf (values: number[], p: number): number {
  return percentile(values, p)
}

/** Runs every query (one untimed run to find the rank, then `runs` timed ones). */
export async function judge (app: FastifyInstance, queries: JudgedQuery[], runs = 1): Promise<Judged[]> {
  const judged: Judged[] = []
  for (const query of queries) {
    const first = await search(app, query.q)
    let index = first.findIndex((row) => row.socCode !== null && query.soc.includes(row.socCode))
    if (index < 0) {
      const more = await search(app, query.q, 100)
      index = more.findIndex((row) => row.socCode !== null && query.soc.includes(row.socCode))
    }
    const times: number[] = []
    for (let i = 0; i < runs; i++) {
      const started = performance.now()
      await search(app, query.q)
      times.push(performance.now() - started)
    }
    judged.push({ ...query, rank: index < 0 ? null : index + 1, top: first.slice(0, 3), ms: median(times) })
  }
  return judged
}

/** hit@1, hit@3 and MRR (a code beyond the first 100 counts 0) and latency over distinct queries. */
export function figures (judged: Judged[]): Figures {
  const distinct = [...new Map(judged.map((row) => [row.q.trim().toLowerCase(), row])).values()]
  const n = distinct.length
  const share = (test: (row: Judged) => boolean): number => distinct.filter(test).length / n
  return {
    queries: n,
    hit1: share((row) => row.rank === 1),
    hit3: share((row) => row.rank !== null && row.rank <= 3),
    mrr: distinct.reduce((sum, row) => sum + (row.rank === null ? 0 : 1 / row.rank), 0) / n,
    p50: percentile(distinct.map((row) => row.ms), 0.5),
    p99: percentile(distinct.map((row) => row.ms), 0.99),
  }
}

export function describe (figures: Figures): string {
  const pct = (x: number): string => `${(x * 100).toFixed(1)}%`
  return `${figures.queries} queries: hit@1 ${pct(figures.hit1)}, hit@3 ${pct(figures.hit3)}, ` +
    `MRR ${figures.mrr.toFixed(3)}, latency p50 ${figures.p50.toFixed(1)} ms, p99 ${figures.p99.toFixed(1)} ms`
}
