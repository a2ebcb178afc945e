// The load generator, run as its own process (pinned to its own core by bench/run.ts):
// autocannon against one server, cycling through the given requests, printing one JSON
// line of results. Input: a JSON plan in argv[2].
import autocannon from 'autocannon'

export interface LoadPlan {
  url: string
  connections: number
  durationSeconds: number
  requests: Array<{ path: string, headers?: Record<string, string> }>
}

export interface LoadResult {
  requests: number
  rps: number
  p50: number
  p99: number
  errors: number
  timeouts: number
  statuses: Record<string, number>
}

const plan = JSON.parse(process.argv[2] ?? '{}') as LoadPlan
let next = 0

const result = await autocannon({
  url: plan.url,
  connections: plan.connections,
  duration: plan.durationSeconds,
  requests: [{
    // Each request takes the next entry, so every connection walks the whole list.
    setupRequest: (request) => {
      const entry = plan.requests[next++ % plan.requests.length]
      return { ...request, method: 'GET', path: entry?.path ?? '/', headers: { ...request.headers, ...entry?.headers } }
    },
  }],
})

const statuses: Record<string, number> = {}
for (const [code, stats] of Object.entries(result.statusCodeStats ?? {})) statuses[code] = stats.count ?? 0
const summary: LoadResult = {
  requests: result.requests.total,
  rps: result.requests.average,
  p50: result.latency.p50,
  p99: result.latency.p99,
  errors: result.errors,
  timeouts: result.timeouts,
  statuses,
}
process.stdout.write(`${JSON.stringify(summary)}\n`)
