// Editors' and partners' writes to institutions and programs. Like career writes, each runs
// in one transaction after the editors' write lock, checks the caller's precondition against
// the current representation, and records every representation it changed in the audit
// trail (an institution's programs show it, so they change with it).
import type { Static } from '@sinclair/typebox'
import { sql, type Updateable } from 'kysely'
import type { Db } from '../../db/connect.js'
import type { AuditEntity, InstitutionTable, ProgramTable } from '../../db/schema.js'
import { HttpProblem, problem } from '../../http/problem.js'
import type { InstitutionInput, InstitutionPatch, ProgramInput, ProgramPatch } from './schemas.js'
import { recordChange, serializeWrites, type WriteContext } from '../../writes/audit.js'
import { column, columnsOf, type Assert, type ColumnMap, type EveryColumnWritten } from '../../writes/columns.js'
import { unknownCipCodes } from '../fields-of-study/queries.js'
import { findInstitution, programsById, type InstitutionBody, type ProgramBody } from './queries.js'
import type { Queryable } from '../../db/queryable.js'

/** Throws (an HttpProblem) when the caller may not change this version. */
export type Precondition<T> = (current: T) => void

type InstitutionPatchBody = Static<typeof InstitutionPatch>
type ProgramPatchBody = Static<typeof ProgramPatch>

async function record (
  trx: Queryable, context: WriteContext, entity: AuditEntity, before: Map<number, object>, after: Map<number, object>,
): Promise<void> {
  const ids = [...new Set([...before.keys(), ...after.keys()])].sort((a, b) => a - b)
  for (const id of ids) {
    const old = before.get(id) ?? null
    const now = after.get(id) ?? null
    if (old !== null && now !== null && JSON.stringify(old) === JSON.stringify(now)) continue
    const action = old === null ? 'create' : now === null ? 'delete' : 'update'
    await recordChange(trx, context, { action, entity, entityId: id, entityKey: String(id), before: old, after: now })
  }
}

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
    throw new HttpProblem(problem(409, `Institution ${other.id} already has the IPEDS unit id ${ipedsUnitId}.`, {
      kind: 'conflict',
    }))
  }
}

export async function createInstitution (
  db: Db, input: Static<typeof InstitutionInput>, context: WriteContext,
): Promise<InstitutionBody> {
  return db.transaction().execute(async (trx) => {
    await serializeWrites(trx)
    await ipedsFree(trx, input.ipedsUnitId, 0)
    const { name, city, state } = input
    const row = await trx.insertInto('institution')
      .values({ ...institutionColumns(input), name, city, state })
      .returning('id').executeTakeFirstOrThrow()
    const created = await findInstitution(trx, row.id) as InstitutionBody
    await record(trx, context, 'institution', new Map(), new Map([[row.id, created]]))
    return created
  })
}

async function lockInstitution (trx: Queryable, id: number): Promise<InstitutionBody | undefined> {
  await serializeWrites(trx)
  const row = await trx.selectFrom('institution').select('id').where('id', '=', id).forUpdate().executeTakeFirst()
  return row === undefined ? undefined : findInstitution(trx, id)
}

export async function updateInstitution (
  db: Db, id: number, patch: InstitutionPatchBody, context: WriteContext, precondition: Precondition<InstitutionBody>,
): Promise<InstitutionBody | undefined> {
  return db.transaction().execute(async (trx) => {
    const current = await lockInstitution(trx, id)
    if (current === undefined) return undefined
    precondition(current)
    await ipedsFree(trx, patch.ipedsUnitId, id)
    const programIds = await programIdsOf(trx, id)
    const programsBefore = await programsById(trx, programIds)
    await trx.updateTable('institution')
      .set({ ...institutionColumns(patch), updated_at: sql<Date>`now()` })
      .where('id', '=', id).execute()
    const updated = await findInstitution(trx, id) as InstitutionBody
    await record(trx, context, 'institution', new Map([[id, current]]), new Map([[id, updated]]))
    await record(trx, context, 'program', programsBefore, await programsById(trx, programIds))
    return updated
  })
}

/** False when no institution has this id; a 409 while programs refer to it. */
export async function deleteInstitution (
  db: Db, id: number, context: WriteContext, precondition: Precondition<InstitutionBody>,
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const current = await lockInstitution(trx, id)
    if (current === undefined) return false
    precondition(current)
    const programs = await programIdsOf(trx, id)
    if (programs.length > 0) {
      throw new HttpProblem(problem(409,
        `Institution ${id} still offers ${programs.length} program(s); delete them first.`, { kind: 'conflict' }))
    }
    await trx.deleteFrom('institution').where('id', '=', id).execute()
    await record(trx, context, 'institution', new Map([[id, current]]), new Map())
    return true
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
    throw HttpProblem.badParameter('body.institutionId', `no institution has the id ${input.institutionId}`)
  }
  if (input.cipCode !== undefined && (await unknownCipCodes(trx, [input.cipCode])).length > 0) {
    throw HttpProblem.badParameter('body.cipCode', `${input.cipCode} is not a CIP 2020 code`)
  }
}

/** The disclosure rule on the program as it will be, so a patch cannot leave a sponsored program undisclosed. */
function checkDisclosure (sponsored: boolean, disclosure: string | null): void {
  if (sponsored && (disclosure ?? '').trim() === '') {
    throw HttpProblem.badParameter('body.sponsorDisclosure', 'a sponsored program needs its sponsor disclosure text')
  }
}

export async function createProgram (
  db: Db, input: Static<typeof ProgramInput>, context: WriteContext,
): Promise<ProgramBody> {
  return db.transaction().execute(async (trx) => {
    await serializeWrites(trx)
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
    const after = await programsById(trx, [row.id])
    await record(trx, context, 'program', new Map(), after)
    return after.get(row.id) as ProgramBody
  })
}

async function lockProgram (trx: Queryable, id: number): Promise<ProgramBody | undefined> {
  await serializeWrites(trx)
  const row = await trx.selectFrom('program').select('id').where('id', '=', id).forUpdate().executeTakeFirst()
  return row === undefined ? undefined : (await programsById(trx, [id])).get(id)
}

export async function updateProgram (
  db: Db, id: number, patch: ProgramPatchBody, context: WriteContext, precondition: Precondition<ProgramBody>,
): Promise<ProgramBody | undefined> {
  return db.transaction().execute(async (trx) => {
    const current = await lockProgram(trx, id)
    if (current === undefined) return undefined
    precondition(current)
    await checkReferences(trx, patch)
    checkDisclosure(
      patch.sponsored ?? current.sponsored,
      patch.sponsorDisclosure === undefined ? current.sponsorDisclosure : patch.sponsorDisclosure,
    )
    await trx.updateTable('program')
      .set({ ...programColumns(patch), updated_at: sql<Date>`now()` })
      .where('id', '=', id).execute()
    const after = await programsById(trx, [id])
    await record(trx, context, 'program', new Map([[id, current]]), after)
    return after.get(id)
  })
}

export async function deleteProgram (
  db: Db, id: number, context: WriteContext, precondition: Precondition<ProgramBody>,
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const current = await lockProgram(trx, id)
    if (current === undefined) return false
    precondition(current)
    await trx.deleteFrom('program').where('id', '=', id).execute()
    await record(trx, context, 'program', new Map([[id, current]]), new Map())
    return true
  })
}
