// Request counts per caller in fixed windows, in this process: the rules of
// @fastify/rate-limit's own in-memory store (a key's window starts at its first request
// and restarts once it has passed; the least recently seen keys are dropped beyond a
// bound), held here so that the front door counts a request synchronously, on the same
// counters as the routes' hooks.

import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit'

export interface WindowCount {
  /** Requests in the current window, this one included. */
  current: number
  /** Milliseconds until the window ends. */
  ttl: number
}

interface Window {
  current: number
  started: number
}

export class RateWindows {
  readonly #windows = new Map<string, Window>()

  constructor (private readonly maxKeys = 5000) {}

  take (key: string, timeWindow: number, now = Date.now()): WindowCount {
    let window = this.#windows.get(key)
    if (window === undefined || window.started + timeWindow <= now) window = { current: 0, started: now }
    window.current++
    // Re-inserted, so the Map's order is least recently seen first.
    this.#windows.delete(key)
    this.#windows.set(key, window)
    if (this.#windows.size > this.maxKeys) {
      const oldest = this.#windows.keys().next().value
      if (oldest !== undefined) this.#windows.delete(oldest)
    }
    return { current: window.current, ttl: timeWindow - (now - window.started) }
  }

  /** For @fastify/rate-limit's `store` option, windows of `timeWindow` ms: its hooks count on these. */
  store (timeWindow: number): FastifyRateLimitStoreCtor {
    const windows = this
    return class WindowStore implements FastifyRateLimitStore {
      incr (key: string, done: (error: Error | null, count?: WindowCount) => void): void {
        done(null, windows.take(key, timeWindow))
      }

      // A route with limits of its own would count apart; no route has any today.
      child (): FastifyRateLimitStore {
        const Store = new RateWindows(windows.maxKeys).store(timeWindow)
        return new Store({})
      }
    }
  }
}
