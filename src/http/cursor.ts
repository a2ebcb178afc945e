// Opaque keyset cursors: base64url JSON naming the ordering they belong to and the last
// row's sort key, so a page boundary never skips or repeats rows when data changes.
import { createHash } from 'node:crypto'
import { errors } from '../errors.js'

export type CursorKey = Array<string | number>

export class CursorError extends Error {
  override name = 'CursorError'
}

interface CursorPayload {
  /** Fingerprint of the ordering and filters the cursor was made for. */
  f: string
  k: CursorKey
}

export function fingerprint (parts: unknown): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64url').slice(0, 12)
}

export function encodeCursor (ordering: string, key: CursorKey): string {
  const payload: CursorPayload = { f: ordering, k: key }
  return Buffer.from(JSON.stringify(payload)).toString('base64url')
}

/** Returns the key, or throws CursorError when the cursor is malformed or from another query. */
export function decodeCursor (cursor: string, ordering: string, shape: Array<'string' | 'number'>): CursorKey {
  let payload: unknown
  try {
    payload = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
  } catch {
    throw new CursorError('is not a cursor this API issued')
  }
  if (typeof payload !== 'object' || payload === null) throw new CursorError('is not a cursor this API issued')
  const { f, k } = payload as Partial<CursorPayload>
  if (f !== ordering) throw new CursorError('belongs to another query, filter or sort order')
  // A key holding NUL was not issued here, and Postgres would refuse it as text.
  if (!Array.isArray(k) || k.length !== shape.length || k.some((value, i) => typeof value !== shape[i] ||
    (typeof value === 'string' && value.includes('\u0000')))) {
    throw new CursorError('is not a cursor this API issued')
  }
  return k
}

/** The cursor a list request carries, or an invalidCursor error naming `cursor`. */
export function readCursor (
  cursor: string | undefined,
  ordering: string,
  shape: Array<'string' | 'number'>,
): CursorKey | null {
  if (cursor === undefined) return null
  try {
    return decodeCursor(cursor, ordering, shape)
  } catch (error) {
    throw errors.invalidCursor('cursor', (error as Error).message)
  }
}

/**
 * One page from rows fetched with `limit + 1`: the extra row only tells that more follow,
 * and the last row kept gives the next cursor.
 */
export function toPage<Row, Item> (
  rows: Row[],
  limit: number,
  ordering: string,
  keyOf: (row: Row) => CursorKey,
  shape: (row: Row) => Item,
): { data: Item[], nextCursor: string | null } {
  const page = rows.slice(0, limit)
  const last = page.at(-1)
  return {
    data: page.map(shape),
    nextCursor: rows.length > limit && last !== undefined ? encodeCursor(ordering, keyOf(last)) : null,
  }
}
