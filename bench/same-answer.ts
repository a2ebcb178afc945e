// The baseline is a fair reference only while it answers what the service answers: the bench
// reads both servers' profiles for every key and counts those that are equal as JSON values
// (key order and whitespace aside), naming where the first differing answer departs.
import { isDeepStrictEqual } from 'node:util'

export interface SameAnswers {
  same: number
  total: number
  /** The first differing path, its key and the JSON path where the answers part; null when all agree. */
  firstDifference: string | null
}

/** Each path's answer as parsed JSON (a non-JSON answer as its status and text). */
export async function answersOf (url: string, paths: string[]): Promise<Map<string, unknown>> {
  const answers = new Map<string, unknown>()
  for (const p of paths) {
    const response = await fetch(`${url}${p}`)
    const text = await response.text()
    let body: unknown
    try {
      body = JSON.parse(text)
    } catch {
      body = { status: response.status, text }
    }
    answers.set(p, { status: response.status, body })
  }
  return answers
}

/** Where two JSON values first differ, as a path (`.related.3.headline`); null when equal. */
function departure (a: unknown, b: unknown, at = ''): string | null {
  if (isDeepStrictEqual(a, b)) return null
  const objects = typeof a === 'object' && typeof b === 'object' && a !== null && b !== null
  if (!objects || Array.isArray(a) !== Array.isArray(b)) return at === '' ? '(the whole answer)' : at
  const left = a as Record<string, unknown>
  const right = b as Record<string, unknown>
  for (const key of new Set([...Object.keys(left), ...Object.keys(right)])) {
    const found = departure(left[key], right[key], `${at}.${key}`)
    if (found !== null) return found
  }
  return at
}

export function compareAnswers (ours: Map<string, unknown>, theirs: Map<string, unknown>): SameAnswers {
  let same = 0
  let firstDifference: string | null = null
  for (const [p, answer] of ours) {
    const where = departure(answer, theirs.get(p))
    if (where === null) same++
    else firstDifference ??= `${p}: ${where}`
  }
  return { same, total: ours.size, firstDifference }
}
