// The load generator, run as its own process (pinned to its own core by bench/harness.ts):
// autocannon against one server, cycling through the given requests, printing one JSON
// line of results, after a line "started" as the load begins. Input: a JSON plan on stdin.
import autocannon from 'autocannon'
import { text } from 'node:stream/consumers'

export interface LoadPlan {
  url: string
  connections: number
  durationSeconds: number
  /** Each request's headers are sent as given, beside the Host autocannon always sends. */
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
  /** Share of one core this process used: near 100% means the load generator, not the server, was the limit. */
  loadCpu: number
}

const plan = JSON.parse(await text(process.stdin)) as LoadPlan
let next = 0

// The bench reads this as the moment the load begins: what it measures on the server starts here.
process.stdout.write('started\n')
const cpuBefore = process.cpuUsage()
const started = performance.now()
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
const cpu = process.cpuUsage(cpuBefore)

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
  loadCpu: (cpu.user + cpu.system) / 1000 / (performance.now() - started),
}
process.stdout.write(`${JSON.stringify(summary)}\n`)
