// Editors' writes to careers, run by the write skeleton (src/writes/edit.ts): one at a time,
// checked against the current profile, audited with every career and credential whose
// representation changed. The column map below is checked by the compiler both ways.
import type { Static } from '@sinclair/typebox'
import type { Updateable } from 'kysely'
import type { CareerRow, CareerTable } from '../../db/schema.js'
import type { Db } from '../../db/connect.js'
import { errors } from '../../errors.js'
import type { CareerInput, CareerPatch } from './write-schemas.js'
import type { WriteContext } from '../../writes/audit.js'
import { findCareer, type CareerBody } from './queries.js'
import { unknownCipCodes } from '../fields-of-study/queries.js'
import type { Queryable } from '../../db/queryable.js'
import {
  column, columnsOf, elsewhere, type Assert, type ColumnMap, type EveryColumnWritten,
} from '../../writes/columns.js'
import { create, remove, update, type Affected, type Editable, type Precondition } from '../edit.js'

export type CareerInputBody = Static<typeof CareerInput>
export type CareerPatchBody = Static<typeof CareerPatch>
type Education = NonNullable<CareerPatchBody['education']>
type FieldInput = NonNullable<Education['fieldsOfStudy']>[number]

function fieldName (field: FieldInput): string {
  return typeof field === 'string' ? field : field.name
}

const CAREER_COLUMNS = {
  slug: column('slug'),
  title: column('title'),
  socCode: column('soc_code'),
  summary: column('summary'),
  // Duties an editor writes are nobody's O*NET-SOC record (migration 20261201T1300).
  duties: {
    columns: ['duties', 'duties_onet_soc_code'],
    write: (duties: string[]) => ({ duties, duties_onet_soc_code: null }),
  },
  workEnvironment: column('work_environment'),
  licensure: column('licensure'),
  advancement: column('advancement'),
  // A merge patch of the nested object: only the parts sent are written.
  education: {
    columns: ['typical_education', 'degree_required', 'fields_of_study'],
    write: (education: Education) => ({
      ...education.typical === undefined ? {} : { typical_education: education.typical },
      ...education.degreeRequired === undefined ? {} : { degree_required: education.degreeRequired },
      ...education.fieldsOfStudy === undefined ? {} : { fields_of_study: education.fieldsOfStudy.map(fieldName) },
    }),
  },
  // Rows of career_alternate_title, replaced by replaceAlternateTitles.
  alternateTitles: elsewhere(),
} satisfies ColumnMap<CareerPatchBody, CareerTable>
// Compiles only while every column is written by a field above or named here as not editable:
// the importers own the dataset's text source, the O*NET job zone and which careers are official.
type _CareerColumnsCovered = Assert<EveryColumnWritten<
  CareerTable, typeof CAREER_COLUMNS, 'id' | 'updated_at' | 'text_source_id' | 'job_zone' | 'kind'
>>

function columns (input: CareerPatchBody): Updateable<CareerTable> {
  return columnsOf<CareerPatchBody, CareerTable>(CAREER_COLUMNS, input)
}

/** The career and what shows it: the careers related to it and the credentials it links to. */
async function aroundCareer (trx: Queryable, career: CareerRow): Promise<Affected> {
  const relations = await trx.selectFrom('career_relation')
    .select(['from_career_id', 'to_career_id'])
    .where((eb) => eb.or([eb('from_career_id', '=', career.id), eb('to_career_id', '=', career.id)]))
    .execute()
  const links = await trx.selectFrom('career_credential').select('credential_id')
    .where('career_id', '=', career.id).execute()
  return {
    career: relations.flatMap((row) => [row.from_career_id, row.to_career_id]).filter((id) => id !== career.id),
    credential: links.map((link) => link.credential_id),
  }
}

/** Careers as editors change them, found by id, SOC code or slug. */
export const careerRows: Editable<'career', string, CareerRow> = {
  entity: 'career',
  lock: async (trx, key) => {
    const found = await findCareer(trx, key)
    if (found === undefined) return undefined
    return trx.selectFrom('career').selectAll().where('id', '=', found.id).forUpdate().executeTakeFirstOrThrow()
  },
  around: aroundCareer,
}

/**
 * The CIP codes of a career's new fields of study: a name alone keeps the code recorded for
 * it, a name with `cipCode` sets it (null clears it); names no longer listed lose theirs.
 */
async function replaceFieldCips (trx: Queryable, careerId: number, fields: FieldInput[]): Promise<void> {
  const given = fields.flatMap((field) => typeof field === 'string' || field.cipCode === null ? [] : [field.cipCode])
  const unknown = await unknownCipCodes(trx, given)
  if (unknown.length > 0) {
    throw errors.unknownCipCode('education.fieldsOfStudy', ...unknown as [string, ...string[]])
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

/** What a patch writes besides the career's own columns. */
async function writeLists (trx: Queryable, careerId: number, patch: CareerPatchBody): Promise<void> {
  if (patch.alternateTitles !== undefined) await replaceAlternateTitles(trx, careerId, patch.alternateTitles)
  if (patch.education?.fieldsOfStudy !== undefined) await replaceFieldCips(trx, careerId, patch.education.fieldsOfStudy)
}

export async function createCareer (db: Db, input: CareerInputBody, context: WriteContext): Promise<CareerBody> {
  return create(db, 'career', context, async (trx) => {
    const { slug, title } = input
    const row = await trx.insertInto('career').values({ ...columns(input), slug, title })
      .returning('id').executeTakeFirstOrThrow()
    await writeLists(trx, row.id, input)
    return row.id
  })
}

/** The changed profile, or undefined when no career has this key. */
export async function updateCareer (
  db: Db, key: string, patch: CareerPatchBody, context: WriteContext, precondition: Precondition<CareerBody>,
): Promise<CareerBody | undefined> {
  return update(db, careerRows, key, context, precondition, async (trx, career) => {
    const set = columns(patch)
    if (Object.keys(set).length > 0) await trx.updateTable('career').set(set).where('id', '=', career.id).execute()
    await writeLists(trx, career.id, patch)
  })
}

/**
 * Deletes the career; false when no career has this key. A career that other careers or
 * credentials refer to is only deleted with `cascade`, which removes those links too.
 */
export async function deleteCareer (
  db: Db, key: string, cascade: boolean, context: WriteContext, precondition: Precondition<CareerBody>,
): Promise<boolean> {
  return remove(db, careerRows, key, context, precondition, async (trx, career) => {
    const around = await aroundCareer(trx, career)
    const related = new Set(around.career).size
    const links = around.credential?.length ?? 0
    if (!cascade && (related > 0 || links > 0)) {
      throw errors.careerReferenced(career.slug, related, links)
    }
    // Relations, credential links and alternate titles go with it (on delete cascade).
    await trx.deleteFrom('career').where('id', '=', career.id).execute()
  })
}
