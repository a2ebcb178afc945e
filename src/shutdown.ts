// Graceful shutdown with a bound: stop accepting, let in-flight requests finish and the
// pool close (the app's onClose hooks), but never hang past the bound an orchestrator
// allows before it kills the process anyway.
import type { FastifyInstance } from 'fastify'

// Fastify closes the keep-alive connections that are idle when closing starts; one whose
// request finishes later would idle until its keep-alive timeout (72 s) and hold the close.
const IDLE_SWEEP_MS = 100

/** Closes the app; resolves to the exit code: 0 when closed in time, 1 on failure or timeout. */
export async function closeWithin (app: FastifyInstance, timeoutMs: number): Promise<number> {
  let timer: NodeJS.Timeout | undefined
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs)
  })
  const sweep = setInterval(() => app.server.closeIdleConnections(), IDLE_SWEEP_MS)
  const closed = app.close().then(() => 'closed' as const, (error: unknown) => {
    app.log.error({ err: error }, 'shutdown failed')
    return 'failed' as const
  })
  const outcome = await Promise.race([closed, timedOut])
  clearTimeout(timer)
  clearInterval(sweep)
  if (outcome === 'timeout') {
    app.log.error({ timeoutMs }, 'requests still running at the shutdown bound; exiting anyway')
  }
  return outcome === 'closed' ? 0 : 1
}
