// Editors' writes to a career's links: the credentials it asks for (with a level) and its
// typed relations to other careers. They are part of the career's profile, so each is
// checked against, and moves on, the career's version; the credential or the other
// career whose representation changes with it is audited too.
import type { Static } from '@sinclair/typebox'
import { sql, type SqlBool } from 'kysely'
import type { Db } from '../../db/connect.js'
import type { CareerRow, RelationKind } from '../../db/schema.js'
import { errors } from '../../errors.js'
import type { CredentialLinkInput } from './link-schemas.js'
import type { WriteContext } from '../../writes/audit.js'
import { findCareer, type CareerBody } from './queries.js'
import type { Queryable } from '../../db/queryable.js'
import { update, type Precondition } from '../edit.js'
import { careerRows } from './write-queries.js'

export type CredentialLinkBody = Static<typeof CredentialLinkInput>

// These hold both ways: a relation recorded from either end is the same relation.
const SYMMETRIC: ReadonlySet<RelationKind> = new Set(['alternative', 'similar'])

async function credentialId (trx: Queryable, key: string): Promise<number> {
  const row = await trx.selectFrom('credential').select('id')
    .where(sql<SqlBool>`(slug = lower(${key}) or lower(abbreviation) = lower(${key}))`)
    .orderBy(sql`slug = lower(${key})`, 'desc')
    .limit(1)
    .executeTakeFirst()
  if (row === undefined) throw errors.credentialNotFound(key)
  return row.id
}

/** Links the career to the credential at this level, or changes the level and note of the link. */
export async function putCredentialLink (
  db: Db, key: string, credential: string, link: CredentialLinkBody, context: WriteContext,
  precondition: Precondition<CareerBody>,
): Promise<CareerBody | undefined> {
  let id = 0
  return update(db, careerRows, key, context, precondition, async (trx, career) => {
    const values = { career_id: career.id, credential_id: id, level: link.level, note: link.note ?? null }
    await trx.insertInto('career_credential').values(values)
      .onConflict((oc) => oc.columns(['career_id', 'credential_id'])
        .doUpdateSet({ level: values.level, note: values.note }))
      .execute()
  }, async (trx) => {
    id = await credentialId(trx, credential)
    return { credential: [id] }
  })
}

export async function deleteCredentialLink (
  db: Db, key: string, credential: string, context: WriteContext, precondition: Precondition<CareerBody>,
): Promise<CareerBody | undefined> {
  let id = 0
  return update(db, careerRows, key, context, precondition, async (trx, career) => {
    const deleted = await trx.deleteFrom('career_credential')
      .where('career_id', '=', career.id).where('credential_id', '=', id)
      .executeTakeFirst()
    if (deleted.numDeletedRows === 0n) {
      throw errors.credentialLinkNotFound(career.slug, credential)
    }
  }, async (trx) => {
    id = await credentialId(trx, credential)
    return { credential: [id] }
  })
}

async function otherCareer (trx: Queryable, career: CareerRow, key: string): Promise<number> {
  const other = await findCareer(trx, key)
  if (other === undefined) throw errors.careerNotFound(key)
  if (other.id === career.id) throw errors.selfRelation('other')
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
  return update(db, careerRows, key, context, precondition, async (trx, career) => {
    const existing = await relationRows(trx, career.id, otherId, kind).executeTakeFirst()
    if (existing === undefined) {
      await trx.insertInto('career_relation')
        .values({ from_career_id: career.id, to_career_id: otherId, kind, source_id: null })
        .execute()
    }
  }, async (trx, career) => {
    otherId = await otherCareer(trx, career, other)
    return { career: [otherId] }
  })
}

export async function deleteRelation (
  db: Db, key: string, other: string, kind: RelationKind, context: WriteContext, precondition: Precondition<CareerBody>,
): Promise<CareerBody | undefined> {
  let otherId = 0
  return update(db, careerRows, key, context, precondition, async (trx, career) => {
    const rows = await relationRows(trx, career.id, otherId, kind).execute()
    if (rows.length === 0) throw errors.relationNotFound(career.slug, kind, other)
    for (const row of rows) {
      await trx.deleteFrom('career_relation')
        .where('from_career_id', '=', row.from_career_id)
        .where('to_career_id', '=', row.to_career_id)
        .where('kind', '=', kind)
        .execute()
    }
  }, async (trx, career) => {
    otherId = await otherCareer(trx, career, other)
    return { career: [otherId] }
  })
}
