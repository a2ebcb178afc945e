// The steps editors' writes share: take the editors' lock and lock the row written, check
// the caller's precondition against the current representation, move the career's
// version on, and record in the audit trail every career and credential whose
// representation the write changed (a renamed career shows in its related careers and
// in its credentials' lists of careers).
import { sql } from 'kysely'
import type { CareerRow } from '../db/schema.js'
import { recordDifferences, serializeWrites, type WriteContext } from './audit.js'
import { careerProfile, findCareer, type CareerBody } from '../resources/careers/queries.js'
import { credentialsById, type CredentialBody } from '../resources/credentials/queries.js'
import type { Queryable } from '../db/queryable.js'

/** Throws (an HttpProblem) when the caller may not change this version. */
export type Precondition<T> = (current: T) => void

/** The careers and credentials a write may change the representation of. */
export interface Affected {
  careers: number[]
  credentials: number[]
}

export interface Snapshot {
  careers: Map<number, CareerBody>
  credentials: Map<number, CredentialBody>
}

/** Finds and locks the career, after taking the editors' write lock. */
export async function lockCareer (trx: Queryable, key: string): Promise<CareerRow | undefined> {
  await serializeWrites(trx)
  const found = await findCareer(trx, key)
  if (found === undefined) return undefined
  return trx.selectFrom('career').selectAll().where('id', '=', found.id).forUpdate().executeTakeFirstOrThrow()
}

/**
 * Moves the career's updatedAt on, so its ETag changes with every write to it or its
 * links, even two in the same millisecond.
 */
export async function touchCareer (trx: Queryable, careerId: number): Promise<void> {
  await trx.updateTable('career')
    .set({ updated_at: sql<Date>`greatest(now(), updated_at + interval '1 millisecond')` })
    .where('id', '=', careerId)
    .execute()
}

/** Careers whose profile names this one (its relations, either way). */
export async function relatedIds (trx: Queryable, careerId: number): Promise<number[]> {
  const rows = await trx.selectFrom('career_relation')
    .select(['from_career_id', 'to_career_id'])
    .where((eb) => eb.or([eb('from_career_id', '=', careerId), eb('to_career_id', '=', careerId)]))
    .execute()
  return [...new Set(rows.flatMap((row) => [row.from_career_id, row.to_career_id]))].filter((id) => id !== careerId)
}

/** The career, the careers related to it and the credentials it links to. */
export async function aroundCareer (trx: Queryable, careerId: number): Promise<Affected> {
  const links = await trx.selectFrom('career_credential').select('credential_id')
    .where('career_id', '=', careerId).execute()
  return {
    careers: [careerId, ...await relatedIds(trx, careerId)],
    credentials: links.map((link) => link.credential_id),
  }
}

/** The current profiles of these careers (those that exist), by id. */
export async function careerProfiles (trx: Queryable, ids: number[]): Promise<Map<number, CareerBody>> {
  if (ids.length === 0) return new Map()
  const rows = await trx.selectFrom('career').selectAll().where('id', 'in', ids).execute()
  const bodies = await Promise.all(rows.map((row) => careerProfile(trx, row)))
  return new Map(bodies.map((body) => [body.id, body]))
}

export async function snapshot (trx: Queryable, affected: Affected): Promise<Snapshot> {
  const [careers, credentials] = await Promise.all([
    careerProfiles(trx, [...new Set(affected.careers)]),
    credentialsById(trx, [...new Set(affected.credentials)]),
  ])
  return { careers, credentials }
}

/** Records every career and credential that differs between the two snapshots. */
export async function recordSnapshots (
  trx: Queryable,
  context: WriteContext,
  before: Snapshot,
  after: Snapshot,
): Promise<void> {
  await recordDifferences(trx, context, 'career', before.careers, after.careers)
  await recordDifferences(trx, context, 'credential', before.credentials, after.credentials)
}
