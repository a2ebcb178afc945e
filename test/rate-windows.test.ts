// The in-process rate limit counters: fixed windows from a key's first request, the least
// recently seen keys dropped beyond the bound.
import t from 'tap'
import { RateWindows } from '../src/http/rate-windows.js'

t.test('a window counts from its first request and restarts once it has passed', async (t) => {
  const windows = new RateWindows()
  t.same(windows.take('ip:a', 60_000, 1_000), { current: 1, ttl: 60_000 })
  t.same(windows.take('ip:a', 60_000, 31_000), { current: 2, ttl: 30_000 })
  t.same(windows.take('ip:b', 60_000, 31_000), { current: 1, ttl: 60_000 }, 'each key counts apart')
  t.same(windows.take('ip:a', 60_000, 61_000), { current: 1, ttl: 60_000 }, 'a new window at its end')
})

t.test('beyond the bound the least recently seen key is forgotten', async (t) => {
  const windows = new RateWindows(2)
  windows.take('a', 60_000, 0)
  windows.take('b', 60_000, 0)
  windows.take('a', 60_000, 0)
  windows.take('c', 60_000, 0)
  t.equal(windows.take('a', 60_000, 0).current, 3, 'a was seen recently: kept')
  t.equal(windows.take('b', 60_000, 0).current, 1, 'b was dropped: starts again')
})

t.test('as @fastify/rate-limit\'s store it counts on the same windows; a child counts apart', async (t) => {
  const windows = new RateWindows()
  const Store = windows.store(10_000)
  const store = new Store({})
  const counts: number[] = []
  store.incr('ip:c', (_error, count) => { counts.push(count?.current ?? 0) })
  store.incr('ip:c', (_error, count) => { counts.push(count?.current ?? 0) })
  t.same(counts, [1, 2])
  t.equal(windows.take('ip:c', 10_000).current, 3)
  const child = store.child({} as Parameters<typeof store.child>[0])
  child.incr('ip:c', (_error, count) => { counts.push(count?.current ?? 0) })
  t.equal(counts.at(-1), 1)
})
