// Editors' and partners' writes to institutions and programs, run by the write skeleton
// (src/writes/edit.ts) as career writes are: one at a time, checked against the current
// representation, audited with every representation they changed (an institution's programs
// show it, so they change with it).
import type { Static } from '@sinclair/typebox'
import type { Selectable, Updateable } from 'kysely'
import type { Db } from '../../db/connect.js'
import type { InstitutionTable, ProgramTable } from '../../db/schema.js'
import { errors } from '../../errors.js'
import type { InstitutionInput, InstitutionPatch, ProgramInput, ProgramPatch } from './schemas.js'
import type { WriteContext } from '../../writes/audit.js'
import { column, columnsOf, type Assert, type ColumnMap, type EveryColumnWritten } from '../../writes/columns.js'
import { unknownCipCodes } from '../fields-of-study/queries.js'
import { findInstitution, type InstitutionBody, type ProgramBody } from './queries.js'
import type { Queryable } from '../../db/queryable.js'
import { create, remove, update, type Editable, type Precondition } from '../edit.js'

type InstitutionPatchBody = Static<typeof InstitutionPatch>
type ProgramPatchBody = Static<typeof ProgramPatch>

const INSTITUTION_COLUMNS = {
  name: column('name'),
  city: column('city'),
  state: column('state'),
  ipedsUnitId: column('ipeds_unit_id'),
  url: column('url'),
} satisfies ColumnMap<InstitutionPatchBody, InstitutionTable>
// Compiles only while every column is written by a field above or named here as not editable.
type _InstitutionColumnsCovered =
  Assert<EveryColumnWritten<InstitutionTable, typeof INSTITUTION_COLUMNS, 'id' | 'updated_at'>>

function institutionColumns (input: InstitutionPatchBody): Updateable<InstitutionTable> {
  return columnsOf<InstitutionPatchBody, InstitutionTable>(INSTITUTION_COLUMNS, input)
}

async function programIdsOf (trx: Queryable, institutionId: number): Promise<number[]> {
  const rows = await trx.selectFrom('program').select('id').where('institution_id', '=', institutionId).execute()
  return rows.map((row) => row.id)
}

async function ipedsFree (trx: Queryable, ipedsUnitId: number | null | undefined, exceptId: number): Promise<void> {
  if (ipedsUnitId === null || ipedsUnitId === undefined) return
  const other = await trx.selectFrom('institution').select('id')
    .where('ipeds_unit_id', '=', ipedsUnitId).where('id', '<>', exceptId)
    .executeTakeFirst()
  if (other !== undefined) {
    throw errors.ipedsUnitIdTaken(other.id, ipedsUnitId)
  }
}

/** Institutions by id; their programs show them. */
const institutionRows: Editable<'institution', number, Selectable<InstitutionTable>> = {
  entity: 'institution',
  lock: (trx, id) => trx.selectFrom('institution').selectAll().where('id', '=', id).forUpdate().executeTakeFirst(),
  around: async (trx, institution) => ({ program: await programIdsOf(trx, institution.id) }),
}

export async function createInstitution (
  db: Db, input: Static<typeof InstitutionInput>, context: WriteContext,
): Promise<InstitutionBody> {
  return create(db, 'institution', context, async (trx) => {
    await ipedsFree(trx, input.ipedsUnitId, 0)
    const { name, city, state } = input
    const row = await trx.insertInto('institution')
      .values({ ...institutionColumns(input), name, city, state })
      .returning('id').executeTakeFirstOrThrow()
    return row.id
  })
}

export async function updateInstitution (
  db: Db, id: number, patch: InstitutionPatchBody, context: WriteContext, precondition: Precondition<InstitutionBody>,
): Promise<InstitutionBody | undefined> {
  return update(db, institutionRows, id, context, precondition, async (trx) => {
    await ipedsFree(trx, patch.ipedsUnitId, id)
    const set = institutionColumns(patch)
    if (Object.keys(set).length > 0) await trx.updateTable('institution').set(set).where('id', '=', id).execute()
  })
}

/** False when no institution has this id; a 409 while programs refer to it. */
export async function deleteInstitution (
  db: Db, id: number, context: WriteContext, precondition: Precondition<InstitutionBody>,
): Promise<boolean> {
  return remove(db, institutionRows, id, context, precondition, async (trx) => {
    const programs = await programIdsOf(trx, id)
    if (programs.length > 0) {
      throw errors.institutionHasPrograms(id, programs.length)
    }
    await trx.deleteFrom('institution').where('id', '=', id).execute()
  })
}

const PROGRAM_COLUMNS = {
  institutionId: column('institution_id'),
  name: column('name'),
  awardLevel: column('award_level'),
  cipCode: column('cip_code'),
  delivery: column('delivery'),
  url: column('url'),
  tuition: {
    columns: ['tuition_usd', 'tuition_year'],
    write: (tuition: Exclude<ProgramPatchBody['tuition'], undefined>) => ({
      tuition_usd: tuition?.amount ?? null,
      tuition_year: tuition?.year ?? null,
    }),
  },
  sponsored: column('sponsored'),
  sponsorDisclosure: column('sponsor_disclosure'),
} satisfies ColumnMap<ProgramPatchBody, ProgramTable>
// Compiles only while every column is written by a field above or named here as not editable.
type _ProgramColumnsCovered = Assert<EveryColumnWritten<ProgramTable, typeof PROGRAM_COLUMNS, 'id' | 'updated_at'>>

function programColumns (input: ProgramPatchBody): Updateable<ProgramTable> {
  return columnsOf<ProgramPatchBody, ProgramTable>(PROGRAM_COLUMNS, input)
}

/** What a program refers to must exist: a 400 naming the field otherwise. */
async function checkReferences (trx: Queryable, input: ProgramPatchBody): Promise<void> {
  if (input.institutionId !== undefined && await findInstitution(trx, input.institutionId) === undefined) {
    throw errors.unknownInstitution('institutionId', input.institutionId)
  }
  if (input.cipCode !== undefined && (await unknownCipCodes(trx, [input.cipCode])).length > 0) {
    throw errors.unknownCipCode('cipCode', input.cipCode)
  }
}

/** The disclosure rule on the program as it will be, so a patch cannot leave a sponsored program undisclosed. */
function checkDisclosure (sponsored: boolean, disclosure: string | null): void {
  if (sponsored && (disclosure ?? '').trim() === '') {
    throw errors.sponsorDisclosureMissing('sponsorDisclosure')
  }
}

/** Programs by id; nothing else shows them. */
const programRows: Editable<'program', number, Selectable<ProgramTable>> = {
  entity: 'program',
  lock: (trx, id) => trx.selectFrom('program').selectAll().where('id', '=', id).forUpdate().executeTakeFirst(),
  around: async () => ({}),
}

export async function createProgram (
  db: Db, input: Static<typeof ProgramInput>, context: WriteContext,
): Promise<ProgramBody> {
  return create(db, 'program', context, async (trx) => {
    await checkReferences(trx, input)
    checkDisclosure(input.sponsored ?? false, input.sponsorDisclosure ?? null)
    const { institutionId, name, cipCode, awardLevel, delivery } = input
    const row = await trx.insertInto('program')
      .values({
        ...programColumns(input),
        institution_id: institutionId,
        name,
        cip_code: cipCode,
        award_level: awardLevel,
        delivery,
      })
      .returning('id').executeTakeFirstOrThrow()
    return row.id
  })
}

export async function updateProgram (
  db: Db, id: number, patch: ProgramPatchBody, context: WriteContext, precondition: Precondition<ProgramBody>,
): Promise<ProgramBody | undefined> {
  return update(db, programRows, id, context, precondition, async (trx, current) => {
    await checkReferences(trx, patch)
    checkDisclosure(
      patch.sponsored ?? current.sponsored,
      patch.sponsorDisclosure === undefined ? current.sponsor_disclosure : patch.sponsorDisclosure,
    )
    const set = programColumns(patch)
    if (Object.keys(set).length > 0) await trx.updateTable('program').set(set).where('id', '=', id).execute()
  })
}

export async function deleteProgram (
  db: Db, id: number, context: WriteContext, precondition: Precondition<ProgramBody>,
): Promise<boolean> {
  return remove(db, programRows, id, context, precondition, async (trx) => {
    await trx.deleteFrom('program').where('id', '=', id).execute()
  })
}
