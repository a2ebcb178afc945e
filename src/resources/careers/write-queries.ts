// Editors' writes to careers. Each runs in one transaction that serializes with other
// editors' writes, locks the career, checks the caller's precondition against the current
// representation, applies the change and records it (with every other career and
// credential whose representation it changed) in the audit trail.
import type { Static } from '@sinclair/typebox'
import type { Updateable } from 'kysely'
import type { CareerTable } from '../../db/schema.js'
import type { Db } from '../../db/connect.js'
import { HttpProblem, problem } from '../../http/problem.js'
import type { CareerInput, CareerPatch } from './write-schemas.js'
import { serializeWrites, type WriteContext } from '../../writes/audit.js'
import type { CareerBody } from './queries.js'
import { unknownCipCodes } from '../fields-of-study/queries.js'
import type { Queryable } from '../../db/queryable.js'
import {
  aroundCareer, lockCareer, recordSnapshots, snapshot, touchCareer, type Precondition,
} from '../../writes/rows.js'

export type CareerInputBody = Static<typeof CareerInput>
export type CareerPatchBody = Static<typeof CareerPatch>

export type { Precondition }

function columns (input: CareerPatchBody): Updateable<CareerTable> {
  const set: Updateable<CareerTable> = {}
  if (input.slug !== undefined) set.slug = input.slug
  if (input.title !== undefined) set.title = input.title
  if (input.socCode !== undefined) set.soc_code = input.socCode
  if (input.summary !== undefined) set.summary = input.summary
  if (input.duties !== undefined) set.duties = input.duties
  if (input.workEnvironment !== undefined) set.work_environment = input.workEnvironment
  if (input.licensure !== undefined) set.licensure = input.licensure
  if (input.advancement !== undefined) set.advancement = input.advancement
  if (input.education?.typical !== undefined) set.typical_education = input.education.typical
  if (input.education?.degreeRequired !== undefined) set.degree_required = input.education.degreeRequired
  if (input.education?.fieldsOfStudy !== undefined) set.fields_of_study = input.education.fieldsOfStudy.map(fieldName)
  return set
}

type FieldInput = NonNullable<NonNullable<CareerPatchBody['education']>['fieldsOfStudy']>[number]

function fieldName (field: FieldInput): string {
  return typeof field === 'string' ? field : field.name
}

/**
 * The CIP codes of a career's new fields of study: a name alone keeps the code recorded for
 * it, a name with `cipCode` sets it (null clears it); names no longer listed lose theirs.
 */
async function replaceFieldCips (trx: Queryable, careerId: number, fields: FieldInput[]): Promise<void> {
  const given = fields.flatMap((field) => typeof field === 'string' || field.cipCode === null ? [] : [field.cipCode])
  const unknown = await unknownCipCodes(trx, given)
  if (unknown.length > 0) {
    throw HttpProblem.badParameter('body.education.fieldsOfStudy', `${unknown.join(', ')} is not a CIP 2020 code`)
  }
  const kept = await trx.selectFrom('career_field_cip').select(['field', 'cip_code'])
    .where('career_id', '=', careerId).execute()
  const codes = new Map<string, string | null>(kept.map((row) => [row.field, row.cip_code]))
  for (const field of fields) {
    if (typeof field !== 'string') codes.set(field.name, field.cipCode)
  }
  const names = new Set(fields.map(fieldName))
  await trx.deleteFrom('career_field_cip').where('career_id', '=', careerId).execute()
  const rows = [...codes].flatMap(([field, cip]) =>
    names.has(field) && cip !== null ? [{ career_id: careerId, field, cip_code: cip }] : [])
  if (rows.length > 0) await trx.insertInto('career_field_cip').values(rows).execute()
}

async function replaceAlternateTitles (trx: Queryable, careerId: number, titles: string[]): Promise<void> {
  await trx.deleteFrom('career_alternate_title').where('career_id', '=', careerId).execute()
  const unique = titles.filter((title, i) =>
    titles.findIndex((other) => other.toLowerCase() === title.toLowerCase()) === i)
  if (unique.length > 0) {
    await trx.insertInto('career_alternate_title')
      .values(unique.map((title) => ({ career_id: careerId, title })))
      .execute()
  }
}

export async function createCareer (db: Db, input: CareerInputBody, context: WriteContext): Promise<CareerBody> {
  return db.transaction().execute(async (trx) => {
    await serializeWrites(trx)
    const { slug, title } = input
    const row = await trx.insertInto('career').values({ ...columns(input), slug, title })
      .returning('id').executeTakeFirstOrThrow()
    await replaceAlternateTitles(trx, row.id, input.alternateTitles ?? [])
    await replaceFieldCips(trx, row.id, input.education?.fieldsOfStudy ?? [])
    const after = await snapshot(trx, { careers: [row.id], credentials: [] })
    await recordSnapshots(trx, context, { careers: new Map(), credentials: new Map() }, after)
    return after.careers.get(row.id) as CareerBody
  })
}

/** The changed profile, or undefined when no career has this key. */
export async function updateCareer (
  db: Db, key: string, patch: CareerPatchBody, context: WriteContext, precondition: Precondition<CareerBody>,
): Promise<CareerBody | undefined> {
  return db.transaction().execute(async (trx) => {
    const career = await lockCareer(trx, key)
    if (career === undefined) return undefined
    const affected = await aroundCareer(trx, career.id)
    const before = await snapshot(trx, affected)
    precondition(before.careers.get(career.id) as CareerBody)
    const set = columns(patch)
    if (Object.keys(set).length > 0) await trx.updateTable('career').set(set).where('id', '=', career.id).execute()
    await touchCareer(trx, career.id)
    if (patch.alternateTitles !== undefined) await replaceAlternateTitles(trx, career.id, patch.alternateTitles)
    if (patch.education?.fieldsOfStudy !== undefined) {
      await replaceFieldCips(trx, career.id, patch.education.fieldsOfStudy)
    }
    const after = await snapshot(trx, affected)
    await recordSnapshots(trx, context, before, after)
    return after.careers.get(career.id) as CareerBody
  })
}

/**
 * Deletes the career; false when no career has this key. A career that other careers or
 * credentials refer to is only deleted with `cascade`, which removes those links too.
 */
export async function deleteCareer (
  db: Db, key: string, cascade: boolean, context: WriteContext, precondition: Precondition<CareerBody>,
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const career = await lockCareer(trx, key)
    if (career === undefined) return false
    const affected = await aroundCareer(trx, career.id)
    const before = await snapshot(trx, affected)
    precondition(before.careers.get(career.id) as CareerBody)
    const related = affected.careers.length - 1
    const links = affected.credentials.length
    if (!cascade && (related > 0 || links > 0)) {
      throw new HttpProblem(problem(409,
        `${career.slug} is referred to by ${related} related career(s) and ${links} credential link(s); ` +
        'delete with cascade=true to remove those links too.', { kind: 'conflict' }))
    }
    // Relations, credential links and alternate titles go with it (on delete cascade).
    await trx.deleteFrom('career').where('id', '=', career.id).execute()
    await recordSnapshots(trx, context, before, await snapshot(trx, affected))
    return true
  })
}
