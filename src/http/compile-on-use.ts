// Fastify compiles every route's validators (Ajv) and response serializers
// (fast-json-stringify) before the app is ready: some 300 of them, a HEAD twin's for each
// GET too, each serializer re-checking every shared schema. That was most of the time to
// ready, and most of them are never used by a given instance. These wrappers compile each
// one when it is first called instead (and sets up Ajv only when the first validator is
// compiled); what each accepts, returns and reports is unchanged. A serializer is also given
// only the shared schemas its response refers to: fast-json-stringify checks each one it is
// given, which made each serializer slow to build (README, "Figures behind the code").
import type { FastifyServerOptions } from 'fastify'

type CompilersFactory = NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>
export type BuildValidator = NonNullable<CompilersFactory['buildValidator']>
export type BuildSerializer = NonNullable<CompilersFactory['buildSerializer']>

/** An Ajv validate function: called with the data (and Ajv's data context), it carries its schema and errors. */
type Validate = ReturnType<ReturnType<BuildValidator>>

/**
 * Fastify reads `schemaEnv` before the call (to pass Ajv the parent of the data, so
 * coercion may replace it) and `errors` after a failure: these, like the rest of the
 * function's properties, come from the compiled function.
 */
function validateOnUse (compile: () => Validate): Validate {
  let compiled: Validate | undefined
  const get = (): Validate => (compiled ??= compile())
  const call = (...args: Parameters<Validate>): boolean | Promise<unknown> => get()(...args)
  const forwarded = Object.fromEntries(['errors', 'schema', 'schemaEnv', 'evaluated', 'source']
    .map((key) => [key, { get: () => get()[key as keyof Validate] }]))
  return Object.defineProperties(call, forwarded) as Validate
}

export function validatorsOnUse (build: BuildValidator): BuildValidator {
  return (externalSchemas, options) => {
    let compiler: ReturnType<BuildValidator> | undefined
    return (route) => validateOnUse(() => (compiler ??= build(externalSchemas, options))(route))
  }
}

type Schemas = Record<string, unknown>

/**
 * The shared schemas (by $id) that `schema` refers to, directly or through one another;
 * all of them when a reference names none of them, so that fast-json-stringify reports it.
 */
export function referencedSchemas (schema: unknown, shared: Schemas): Schemas {
  const found: Schemas = {}
  const pending: unknown[] = [schema]
  for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
    if (node === null || typeof node !== 'object') continue
    for (const [key, value] of Object.entries(node)) {
      if (key !== '$ref' || typeof value !== 'string') {
        pending.push(value)
        continue
      }
      const id = value.split('#', 1)[0] ?? ''
      if (id === '' || id in found) continue
      if (!(id in shared)) return shared
      found[id] = shared[id]
      pending.push(shared[id])
    }
  }
  return found
}

export function serializersOnUse (build: BuildSerializer): BuildSerializer {
  return (externalSchemas, options) => {
    const shared = typeof externalSchemas === 'object' && externalSchemas !== null ? externalSchemas as Schemas : {}
    return (route) => {
      let compiled: ((data: unknown) => string) | undefined
      return (data: unknown) => (compiled ??= build(referencedSchemas(route.schema, shared), options)(route))(data)
    }
  }
}
