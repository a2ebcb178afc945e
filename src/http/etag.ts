// Entity tags. A representation's ETag is a strong validator: a hash of the exact bytes a
// GET of that resource answers with. Reads send it; writes compare If-Match against the
// ETag of the resource's current GET representation, so an editor can only change the
// version they have seen.
import { createHash } from 'node:crypto'

export function strongEtag (body: string | Buffer): string {
  return `"${createHash('sha256').update(body).digest('base64url')}"`
}

/**
 * Whether an If-Match header names the current ETag (RFC 9110 §13.1.1, strong comparison:
 * weak tags never match). `*` is refused elsewhere: a change must name the version it edits.
 */
export function ifMatchHolds (header: string, current: string): boolean {
  return header.split(',').map((tag) => tag.trim()).some((tag) => tag === current)
}

const ENTITY_TAG = /(?:W\/)?"[^"]*"|\*/g

/** If-None-Match uses the weak comparison (RFC 9110 §13.1.2): W/"x" matches "x"; `*` matches any. */
export function noneMatch (header: string | undefined, etag: string): boolean {
  if (header === undefined) return false
  return (header.match(ENTITY_TAG) ?? []).some((tag) => tag === '*' || tag.replace(/^W\//, '') === etag)
}
