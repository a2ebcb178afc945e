// API key material: generation, hashing and the shape a presented key must have.
// Keys are `cfk_` + 256 random bits in base64url; only their SHA-256 digest is stored.
import { createHash, randomBytes } from 'node:crypto'
import type { ApiKeyScope } from '../db/schema.js'

export const SCOPES: readonly ApiKeyScope[] = ['read', 'write']

const KEY_SHAPE = /^cfk_[A-Za-z0-9_-]{43}$/

export function generateKey (): string {
  return `cfk_${randomBytes(32).toString('base64url')}`
}

export function hashKey (key: string): string {
  return createHash('sha256').update(key).digest('hex')
}

/** Whether a presented string could be a key at all; anything else is refused without a lookup. */
export function looksLikeKey (value: string): boolean {
  return KEY_SHAPE.test(value)
}

export const KEY_NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/

export function parseScopes (list: string): ApiKeyScope[] {
  const scopes = [...new Set(list.split(',').map((scope) => scope.trim()).filter((scope) => scope !== ''))]
  const unknown = scopes.filter((scope) => !SCOPES.includes(scope as ApiKeyScope))
  if (scopes.length === 0 || unknown.length > 0) {
    const unknownNote = unknown.length > 0 ? `; unknown: ${unknown.join(', ')}` : ''
    throw new Error(`scopes must be a comma-separated list of ${SCOPES.join(', ')}${unknownNote}`)
  }
  return scopes as ApiKeyScope[]
}
