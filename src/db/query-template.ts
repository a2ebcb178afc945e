// A read whose shape never changes, built and compiled by Kysely once per database handle
// and then run with each call's values. Building a large query's operation tree and
// compiling it took 28% of the service's CPU on an uncached profile (README, "Benchmarks"),
// work that gave the same SQL text every time.
//
// The builder gets a marker object in place of each input and must use inputs only as
// values (never branch on them, never concatenate them into a string): the template checks
// that every input reached the parameters, and after that only parameter positions matter.
// The one exception is presence: an input left undefined is absent, the builder may branch
// on that (an optional filter), and each set of present inputs is a template of its own.
import { createQueryId, type Compilable, type CompiledQuery } from 'kysely'
import type { Queryable } from './queryable.js'

const MARKER = Symbol('query-template input')

interface Marker {
  readonly [MARKER]: string
}

function isMarker (value: unknown): value is Marker {
  return typeof value === 'object' && value !== null && MARKER in value
}

/** Where a compiled parameter comes from: an input by name, or a constant of the builder's. */
type Slot = { input: string } | { constant: unknown }

interface Compiled<R> {
  compiled: CompiledQuery<R>
  slots: Slot[]
}

export interface QueryTemplate<I extends Record<string, unknown>, R> {
  /** Runs the statement with these inputs; rows as the builder's query types them. */
  execute: (db: Queryable, input: I) => Promise<R[]>
}

export function queryTemplate<I extends Record<string, unknown>, R> (
  build: (db: Queryable, input: I) => Compilable<R>,
): QueryTemplate<I, R> {
  // Per handle, per set of present inputs (their names joined).
  const byHandle = new WeakMap<Queryable, Map<string, Compiled<R>>>()

  function compile (db: Queryable, present: string[]): Compiled<R> {
    const markers = Object.fromEntries(present.map((name) => [name, { [MARKER]: name } satisfies Marker]))
    // The markers stand in for the inputs only while the statement is built.
    const compiled = build(db, markers as unknown as I).compile()
    const slots = compiled.parameters.map((value): Slot =>
      isMarker(value) ? { input: value[MARKER] } : { constant: value })
    const reached = new Set(slots.flatMap((slot) => 'input' in slot ? [slot.input] : []))
    const lost = present.filter((name) => !reached.has(name))
    if (lost.length > 0) throw new Error(`query template: inputs ${lost.join(', ')} did not reach the parameters`)
    return { compiled, slots }
  }

  return {
    async execute (db, input) {
      // Plugins transform the operation tree, which a compiled template would skip: a handle
      // with plugins builds the statement each time, as Kysely would.
      if (db.getExecutor().plugins.length > 0) return (await db.executeQuery(build(db, input).compile())).rows
      const present = Object.keys(input).filter((name) => input[name] !== undefined)
      const shape = present.join(',')
      let shapes = byHandle.get(db)
      if (shapes === undefined) {
        shapes = new Map()
        byHandle.set(db, shapes)
      }
      let template = shapes.get(shape)
      if (template === undefined) {
        template = compile(db, present)
        shapes.set(shape, template)
      }
      const parameters = template.slots.map((slot) => 'input' in slot ? input[slot.input] : slot.constant)
      // A fresh id per run: plugins key their per-query state on it.
      const result = await db.executeQuery<R>({ ...template.compiled, queryId: createQueryId(), parameters })
      return result.rows
    },
  }
}
