// Field shapes of editors' request bodies, shared by every write schema.
import { Type } from '@sinclair/typebox'

// Postgres text cannot hold NUL; refusing it here makes it a 400 that names the field.
const NO_NUL = '^[^\\u0000]*$'

export const Text = (maxLength: number, options: { minLength?: number, description?: string } = {}) =>
  Type.String({ maxLength, pattern: NO_NUL, ...options })

// `type: [string, null]` rather than anyOf, so a validation error names one field once.
export const NullableText = (maxLength: number, description?: string) =>
  Type.Unsafe<string | null>({
    type: ['string', 'null'],
    maxLength,
    pattern: NO_NUL,
    ...(description === undefined ? {} : { description }),
  })

export const Slug = Type.String({
  pattern: '^[a-z0-9]+(-[a-z0-9]+)*$',
  maxLength: 100,
  examples: ['health-information-technician'],
})

/** A reference to a source by its slug (see GET /v1/sources). */
export const SourceSlug = Type.String({
  pattern: '^[a-z0-9]+(-[a-z0-9]+)*$',
  maxLength: 100,
  description: 'The slug of a source (see /v1/sources).',
  examples: ['bls-oews-2015-05'],
})

/** A nullable integer in Postgres integer range, at least `minimum`. */
export const NullableInteger = (minimum: number, description?: string) =>
  Type.Unsafe<number | null>({
    type: ['integer', 'null'],
    minimum,
    maximum: 2_147_483_647,
    ...(description === undefined ? {} : { description }),
  })
