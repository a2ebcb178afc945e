// Editors' writes to a career's links: the credentials it asks for (with a level) and its
// typed relations to other careers. They are part of the career's profile, so each is
// checked against, and moves on, the career's version; the credential or the other
// career whose representation changes with it is audited too.
import type { Static } from '@sinclair/typebox'
import { sql, type SqlBool } from 'kysely'
import type { Db } from '../../db/connect.js'
import type { CareerRow, RelationKind } from '../../db/schema.js'
import { HttpProblem } from '../../http/problem.js'
import type { CredentialLinkInput } from './link-schemas.js'
import type { WriteContext } from '../../writes/audit.js'
import { findCareer, type CareerBody } from './queries.js'
import type { Queryable } from '../../db/queryable.js'
import {
  aroundCareer, lockCareer, recordSnapshots, snapshot, touchCareer, type Precondition,
} from '../../writes/rows.js'

export type CredentialLinkBody = Static<typeof CredentialLinkInput>

// These hold both ways: a relation recorded from either end is the same relation.
const SYMMETRIC: ReadonlySet<RelationKind> = new Set(['alternative', 'similar'])

type Change = (trx: Queryable, career: CareerRow) => Promise<void>

/**
 * Runs one change to a career's links: lock the career, check the precondition against
 * its profile, change, move its version on and audit. `others` adds the careers and
 * credentials the change shows in; undefined when no career has the key.
 */
async function changeLinks (
  db: Db, key: string, context: WriteContext, precondition: Precondition<CareerBody>,
  others: (trx: Queryable, career: CareerRow) => Promise<{ careers?: number[], credentials?: number[] }>,
  change: Change,
): Promise<CareerBody | undefined> {
  return db.transaction().execute(async (trx) => {
    const career = await lockCareer(trx, key)
    if (career === undefined) return undefined
    const around = await aroundCareer(trx, career.id)
    const extra = await others(trx, career)
    const affected = {
      careers: [...around.careers, ...extra.careers ?? []],
      credentials: [...around.credentials, ...extra.credentials ?? []],
    }
    const before = await snapshot(trx, affected)
    precondition(before.careers.get(career.id) as CareerBody)
    await change(trx, career)
    await touchCareer(trx, career.id)
    const after = await snapshot(trx, affected)
    await recordSnapshots(trx, context, before, after)
    return after.careers.get(career.id) as CareerBody
  })
}

async function credentialId (trx: Queryable, key: string): Promise<number> {
  const row = await trx.selectFrom('credential').select('id')
    .where(sql<SqlBool>`(slug = lower(${key}) or lower(abbreviation) = lower(${key}))`)
    .orderBy(sql`slug = lower(${key})`, 'desc')
    .limit(1)
    .executeTakeFirst()
  if (row === undefined) throw HttpProblem.notFound(`No credential has the slug or abbreviation ${key}.`)
  return row.id
}

/** Links the career to the credential at this level, or changes the level and note of the link. */
export async function putCredentialLink (
  db: Db, key: string, credential: string, link: CredentialLinkBody, context: WriteContext,
  precondition: Precondition<CareerBody>,
): Promise<CareerBody | undefined> {
  let id = 0
  return changeLinks(db, key, context, precondition, async (trx) => {
    id = await credentialId(trx, credential)
    return { credentials: [id] }
  }, async (trx, career) => {
    const values = { career_id: career.id, credential_id: id, level: link.level, note: link.note ?? null }
    await trx.insertInto('career_credential').values(values)
      .onConflict((oc) => oc.columns(['career_id', 'credential_id'])
        .doUpdateSet({ level: values.level, note: values.note }))
      .execute()
  })
}

export async function deleteCredentialLink (
  db: Db, key: string, credential: string, context: WriteContext, precondition: Precondition<CareerBody>,
): Promise<CareerBody | undefined> {
  let id = 0
  return changeLinks(db, key, context, precondition, async (trx) => {
    id = await credentialId(trx, credential)
    return { credentials: [id] }
  }, async (trx, career) => {
    const deleted = await trx.deleteFrom('career_credential')
      .where('career_id', '=', career.id).where('credential_id', '=', id)
      .executeTakeFirst()
    if (deleted.numDeletedRows === 0n) {
      throw HttpProblem.notFound(`${career.slug} does not link to the credential ${credential}.`)
    }
  })
}

async function otherCareer (trx: Queryable, career: CareerRow, key: string): Promise<number> {
  const other = await findCareer(trx, key)
  if (other === undefined) throw HttpProblem.notFound(`No career has the key ${key}.`)
  if (other.id === career.id) throw HttpProblem.badParameter('path.other', 'a career cannot be related to itself')
  return other.id
}

/** Relation rows between the two careers of this kind: from the career, and for symmetric kinds either way. */
function relationRows (trx: Queryable, from: number, to: number, kind: RelationKind) {
  return trx.selectFrom('career_relation').select(['from_career_id', 'to_career_id'])
    .where('kind', '=', kind)
    .where((eb) => SYMMETRIC.has(kind)
      ? eb.or([
        eb.and([eb('from_career_id', '=', from), eb('to_career_id', '=', to)]),
        eb.and([eb('from_career_id', '=', to), eb('to_career_id', '=', from)]),
      ])
      : eb.and([eb('from_career_id', '=', from), eb('to_career_id', '=', to)]))
}

/** Records that `other` relates to the career this way (outgoing from the career); nothing new when it already does. */
export async function putRelation (
  db: Db, key: string, other: string, kind: RelationKind, context: WriteContext, precondition: Precondition<CareerBody>,
): Promise<CareerBody | undefined> {
  let otherId = 0
  return changeLinks(db, key, context, precondition, async (trx, career) => {
    otherId = await otherCareer(trx, career, other)
    return { careers: [otherId] }
  }, async (trx, career) => {
    const existing = await relationRows(trx, career.id, otherId, kind).executeTakeFirst()
    if (existing === undefined) {
      await trx.insertInto('career_relation')
        .values({ from_career_id: career.id, to_career_id: otherId, kind, source_id: null })
        .execute()
    }
  })
}

export async function deleteRelation (
  db: Db, key: string, other: string, kind: RelationKind, context: WriteContext, precondition: Precondition<CareerBody>,
): Promise<CareerBody | undefined> {
  let otherId = 0
  return changeLinks(db, key, context, precondition, async (trx, career) => {
    otherId = await otherCareer(trx, career, other)
    return { careers: [otherId] }
  }, async (trx, career) => {
    const rows = await relationRows(trx, career.id, otherId, kind).execute()
    if (rows.length === 0) throw HttpProblem.notFound(`${career.slug} has no ${kind} relation to ${other}.`)
    for (const row of rows) {
      await trx.deleteFrom('career_relation')
        .where('from_career_id', '=', row.from_career_id)
        .where('to_career_id', '=', row.to_career_id)
        .where('kind', '=', kind)
        .execute()
    }
  })
}
