// The one skeleton every editor's write runs in, in one transaction: take the editors' lock
// (src/writes/audit.ts), find and lock the row written, check the caller's precondition
// against the current version, apply the change, move the row's updated_at on, and record
// in the audit trail every representation the write changed — the row's own and those
// that show it (a renamed career shows in its related careers and in its credentials'
// lists of careers; an institution shows in its programs).
//
// It reads the representations through the resources' own read queries, so a snapshot is
// exactly what a GET answers; that is why it sits beside the resource list rather than in
// src/writes, whose pieces know no resource.
import { sql } from 'kysely'
import type { Db } from '../db/connect.js'
import type { Queryable } from '../db/queryable.js'
import { recordChange, serializeWrites, type WriteContext } from '../writes/audit.js'
import type { Precondition } from '../writes/http.js'
import type { CareerBody } from './careers/queries.js'
import { careerProfileById } from './careers/profile-json.js'
import { credentialsById, type CredentialBody } from './credentials/queries.js'
import { institutionsById, programsById, type InstitutionBody, type ProgramBody } from './programs/queries.js'

export type { Precondition }

/** The representations a snapshot holds, by the audit entity they are recorded as. */
export interface Representations {
  career: CareerBody
  credential: CredentialBody
  institution: InstitutionBody
  program: ProgramBody
}

export type Edited = keyof Representations

/** The rows whose representations one write may change, by entity. */
export type Affected = { [E in Edited]?: number[] }

export type Snapshot = { [E in Edited]: Map<number, Representations[E]> }

// Audit records, per entity: the order they are written in, and the key each is filed under.
const ENTITIES: readonly Edited[] = ['career', 'credential', 'institution', 'program']

const LOADERS: { [E in Edited]: (trx: Queryable, ids: number[]) => Promise<Map<number, Representations[E]>> } = {
  career: careerProfiles,
  credential: credentialsById,
  institution: institutionsById,
  program: programsById,
}

const AUDIT_KEYS: { [E in Edited]: (body: Representations[E]) => string } = {
  career: (body) => body.slug,
  credential: (body) => body.slug,
  institution: (body) => String(body.id),
  program: (body) => String(body.id),
}

async function careerProfiles (trx: Queryable, ids: number[]): Promise<Map<number, CareerBody>> {
  if (ids.length === 0) return new Map()
  const rows = await trx.selectFrom('career').select('id').where('id', 'in', ids).execute()
  const bodies = await Promise.all(rows.map((row) => careerProfileById(trx, row.id)))
  return new Map(bodies.map((body) => [body.id, body]))
}

async function load<E extends Edited> (
  trx: Queryable, entity: E, affected: Affected,
): Promise<Map<number, Representations[E]>> {
  return LOADERS[entity](trx, [...new Set(affected[entity] ?? [])])
}

export async function snapshot (trx: Queryable, affected: Affected): Promise<Snapshot> {
  const [career, credential, institution, program] = await Promise.all([
    load(trx, 'career', affected),
    load(trx, 'credential', affected),
    load(trx, 'institution', affected),
    load(trx, 'program', affected),
  ])
  return { career, credential, institution, program }
}

/**
 * Records each representation that differs between the two snapshots: created (only
 * after), deleted (only before) or updated (both, and they differ).
 */
async function recordDifferences<E extends Edited> (
  trx: Queryable, context: WriteContext, entity: E, before: Snapshot, after: Snapshot,
): Promise<void> {
  const old = before[entity]
  const now = after[entity]
  const ids = [...new Set([...old.keys(), ...now.keys()])].sort((a, b) => a - b)
  for (const id of ids) {
    const was = old.get(id) ?? null
    const is = now.get(id) ?? null
    if (was !== null && is !== null && JSON.stringify(was) === JSON.stringify(is)) continue
    const action = was === null ? 'create' : is === null ? 'delete' : 'update'
    const entityKey = AUDIT_KEYS[entity]((is ?? was) as Representations[E])
    await recordChange(trx, context, { action, entity, entityId: id, entityKey, before: was, after: is })
  }
}

export async function recordSnapshots (
  trx: Queryable, context: WriteContext, before: Snapshot, after: Snapshot,
): Promise<void> {
  for (const entity of ENTITIES) await recordDifferences(trx, context, entity, before, after)
}

function merge (...sets: Affected[]): Affected {
  const merged: Affected = {}
  for (const set of sets) {
    for (const entity of ENTITIES) merged[entity] = [...merged[entity] ?? [], ...set[entity] ?? []]
  }
  return merged
}

/** A kind of row editors change: how to find and lock one, and what shows it besides itself. */
export interface Editable<E extends Edited, Key, Row extends { id: number }> {
  entity: E
  /** The row for update (the editors' lock is already held); undefined when none has the key. */
  lock: (trx: Queryable, key: Key) => Promise<Row | undefined>
  /** The other representations that show this row. */
  around: (trx: Queryable, row: Row) => Promise<Affected>
}

/** One change to an existing row. */
export interface Change<Row, Version, Result> {
  /** What the precondition is checked against: the row's representation unless given. */
  version?: (trx: Queryable, row: Row) => Promise<Version>
  precondition: Precondition<Version>
  /** Representations this change shows in besides the row's and those around it. */
  others?: (trx: Queryable, row: Row) => Promise<Affected>
  apply: (trx: Queryable, row: Row) => Promise<Result>
  /**
   * Whether the row's updated_at moves on: yes for a change to the row or its links, no
   * where the row only names what changed (a career's published figures).
   */
  touch?: boolean
}

// updated_at moves on even for two writes in the same millisecond, so every write gives the
// representation a new ETag.
async function touch (trx: Queryable, entity: Edited, id: number): Promise<void> {
  await sql`update ${sql.table(entity)}
    set updated_at = greatest(now(), updated_at + interval '1 millisecond') where id = ${id}`.execute(trx)
}

/** What a change gave and the representations after it; undefined when no row has the key. */
export interface Outcome<E extends Edited, Result> {
  result: Result
  after: Representations[E] | undefined
}

export async function edit<E extends Edited, Key, Row extends { id: number }, Result, Version = Representations[E]> (
  db: Db, editable: Editable<E, Key, Row>, key: Key, context: WriteContext, change: Change<Row, Version, Result>,
): Promise<Outcome<E, Result> | undefined> {
  return db.transaction().execute(async (trx) => {
    await serializeWrites(trx)
    const row = await editable.lock(trx, key)
    if (row === undefined) return undefined
    const affected = merge(
      { [editable.entity]: [row.id] },
      await editable.around(trx, row),
      await change.others?.(trx, row) ?? {},
    )
    const before = await snapshot(trx, affected)
    const version = change.version === undefined
      ? before[editable.entity].get(row.id) as Version
      : await change.version(trx, row)
    change.precondition(version)
    const result = await change.apply(trx, row)
    if (change.touch ?? true) await touch(trx, editable.entity, row.id)
    const after = await snapshot(trx, affected)
    await recordSnapshots(trx, context, before, after)
    return { result, after: after[editable.entity].get(row.id) as Representations[E] | undefined }
  })
}

/** Applies the change and answers the row's new representation; undefined when no row has the key. */
export async function update<E extends Edited, Key, Row extends { id: number }> (
  db: Db, editable: Editable<E, Key, Row>, key: Key, context: WriteContext,
  precondition: Precondition<Representations[E]>, apply: (trx: Queryable, row: Row) => Promise<void>,
  others?: (trx: Queryable, row: Row) => Promise<Affected>,
): Promise<Representations[E] | undefined> {
  const outcome = await edit(db, editable, key, context, { precondition, apply, others })
  return outcome?.after
}

/** Runs the deletion (which may refuse); false when no row has the key. */
export async function remove<E extends Edited, Key, Row extends { id: number }> (
  db: Db, editable: Editable<E, Key, Row>, key: Key, context: WriteContext,
  precondition: Precondition<Representations[E]>, apply: (trx: Queryable, row: Row) => Promise<void>,
): Promise<boolean> {
  return await edit(db, editable, key, context, { precondition, apply, touch: false }) !== undefined
}

/** Inserts a row and records its representation as created. */
export async function create<E extends Edited> (
  db: Db, entity: E, context: WriteContext, insert: (trx: Queryable) => Promise<number>,
): Promise<Representations[E]> {
  return db.transaction().execute(async (trx) => {
    await serializeWrites(trx)
    const id = await insert(trx)
    const none = await snapshot(trx, {})
    const after = await snapshot(trx, { [entity]: [id] })
    await recordSnapshots(trx, context, none, after)
    return after[entity].get(id) as Representations[E]
  })
}
