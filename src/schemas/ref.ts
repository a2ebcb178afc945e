import {
  Type, type SchemaOptions, type Static, type TNull, type TSchema, type TUnion, type TUnsafe,
} from '@sinclair/typebox'

/** A `$ref` to a shared schema that keeps the schema's static type for handlers. */
export function ref<T extends TSchema> (schema: T): TUnsafe<Static<T>> {
  if (schema.$id === undefined) throw new Error('ref() needs a schema with an $id')
  return Type.Unsafe<Static<T>>(Type.Ref(schema.$id))
}

/** A value or null: `T | null` in the generated clients. */
export function Nullable<T extends TSchema> (schema: T, options: SchemaOptions = {}): TUnion<[T, TNull]> {
  return Type.Union([schema, Type.Null()], options)
}

/** A string from a fixed list, as a JSON Schema `enum` (generated clients get a union type). */
export function StringEnum<const T extends readonly string[]> (
  values: T,
  options: SchemaOptions = {},
): TUnsafe<T[number]> {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options })
}

/**
 * A JSON response: a shared schema by reference, with the description the OpenAPI document
 * shows. Its example is the app's captured answer, which the openapi plugin places by
 * operationId and status (src/schemas/examples.ts).
 */
export function response<T extends TSchema> (schema: T, description: string) {
  return { description, content: { 'application/json': { schema: ref(schema) } } }
}
