// The Redis the rate limit tests share counters through, and whether it answers here.
import { Redis } from 'ioredis'

export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'

/** false when Redis answers a PING; otherwise why the tests that need it are skipped. */
export async function redisSkipReason (): Promise<string | false> {
  const probe = new Redis(REDIS_URL, {
    lazyConnect: true, connectTimeout: 1000, maxRetriesPerRequest: 0, retryStrategy: () => null,
  })
  probe.on('error', () => undefined)
  try {
    await probe.connect()
    return await probe.ping() === 'PONG' ? false : `Redis at ${REDIS_URL} does not answer PING`
  } catch {
    return `Redis is not reachable at ${REDIS_URL}`
  } finally {
    probe.disconnect()
  }
}
