// Finding a career, its related careers and the whole profile (lists: list-queries.ts).
import { sql, type Expression } from 'kysely'
import { jsonArrayFrom, jsonObjectFrom } from 'kysely/helpers/postgres'
import type { Static } from '@sinclair/typebox'
import type { CareerRow, EducationCode } from '../../db/schema.js'
import type { RelationKind } from '../../db/schema.js'
import { errors } from '../../errors.js'
import type { Career, RelatedCareer, RelatedCareerList } from './schemas.js'
import { attributions, noticesOf, sourcesWithNotice } from './attributions.js'
import { careerCredentialsQuery, toCareerCredential, type CareerCredentialBody } from '../credentials/queries.js'
import { careerFieldCipsQuery, crosswalkFieldsQuery, toCareerFieldsOfStudy } from '../fields-of-study/queries.js'
import { projectionsQuery, toProjection } from '../career-figures/projection-queries.js'
import { notPublishedFor } from '../career-figures/published-codes.js'
import type { Operand, Queryable } from '../../db/queryable.js'
import { latestWageQuery, toWageEstimate } from '../career-figures/wage-queries.js'
import { editorialLast } from './kinds.js'
import {
  interestScoresQuery, specialtyRecordQuery, toOnetRecord, toWorkSummary, topTechnologiesQuery, workSourceIdsQuery,
} from '../career-work/queries.js'
import { headlineSelections, toHeadline } from './headline.js'
import { queryTemplate } from '../../db/query-template.js'

export type CareerBody = Static<typeof Career>

const SOC_CODE = /^[0-9]{2}-[0-9]{4}$/
const NUMERIC_ID = /^[0-9]{1,9}$/

/** A career key as a query reads it: exactly one of the three is present. */
export interface KeyInputs extends Record<string, unknown> {
  id?: number
  soc?: string
  slug?: string
}

export function keyInputs (key: string): KeyInputs {
  if (NUMERIC_ID.test(key)) return { id: Number(key) }
  if (SOC_CODE.test(key)) return { soc: key }
  return { slug: key.toLowerCase() }
}

/** The career a key names: by numeric id, SOC 2018 code (the official career first) or slug. */
export function keyedCareerQuery (db: Queryable, { id, soc, slug }: KeyInputs) {
  const query = db.selectFrom('career').selectAll()
  if (id !== undefined) return query.where('id', '=', id)
  if (soc !== undefined) return query.where('soc_code', '=', soc).orderBy(editorialLast()).orderBy('id').limit(1)
  return query.where('slug', '=', slug ?? '')
}

const keyedCareer = queryTemplate(keyedCareerQuery)

/** Finds a career by numeric id, SOC 2018 code (the official career first) or slug. */
export async function findCareer (db: Queryable, key: string): Promise<CareerRow | undefined> {
  const [career] = await keyedCareer.execute(db, keyInputs(key))
  return career
}

/** The career with this key, for the routes under /careers/{key}: a 404 when none has it. */
export async function careerByKey (db: Queryable, key: string): Promise<CareerRow> {
  const career = await findCareer(db, key)
  if (career === undefined) throw errors.careerNotFound(key)
  return career
}

/**
 * Relations read from both ends: `outgoing` where this career is the relation's origin. A
 * relation that holds both ways (`similar`, `alternative`) recorded from both ends is listed
 * once, from this career's end. Outgoing before incoming, each in O*NET's order of
 * relatedness where it ranks them, then by title.
 */
function relatedQuery (db: Queryable, careerId: Operand<number>, kind?: RelationKind) {
  let outgoing = db.selectFrom('career_relation as r')
    .innerJoin('career as c', 'c.id', 'r.to_career_id')
    .select([
      'r.kind', sql<'outgoing' | 'incoming'>`'outgoing'`.as('direction'),
      'c.id', 'c.slug', 'c.title', 'c.soc_code', 'r.source_id', 'r.rank', 'r.tier',
    ])
    .select(headlineSelections(db))
    .where('r.from_career_id', '=', careerId)
  let incoming = db.selectFrom('career_relation as r')
    .innerJoin('career as c', 'c.id', 'r.from_career_id')
    .select([
      'r.kind', sql<'outgoing' | 'incoming'>`'incoming'`.as('direction'),
      'c.id', 'c.slug', 'c.title', 'c.soc_code', 'r.source_id', 'r.rank', 'r.tier',
    ])
    .select(headlineSelections(db))
    .where('r.to_career_id', '=', careerId)
    .where((eb) => eb.not(eb.and([
      eb('r.kind', 'in', SYMMETRIC),
      eb.exists(eb.selectFrom('career_relation as back').select('back.kind')
        .where('back.from_career_id', '=', careerId)
        .whereRef('back.to_career_id', '=', 'r.from_career_id')
        .whereRef('back.kind', '=', 'r.kind')),
    ])))
  if (kind !== undefined) {
    outgoing = outgoing.where('r.kind', '=', kind)
    incoming = incoming.where('r.kind', '=', kind)
  }
  return outgoing.unionAll(incoming).orderBy('kind').orderBy('direction', 'desc')
    .orderBy(sql`rank asc nulls last`).orderBy('title').orderBy('id')
}

/** The relation kinds that hold both ways. */
const SYMMETRIC: RelationKind[] = ['similar', 'alternative']

type RelatedRow = Awaited<ReturnType<ReturnType<typeof relatedQuery>['executeTakeFirstOrThrow']>>

function toRelated (row: RelatedRow): Static<typeof RelatedCareer> {
  return {
    kind: row.kind,
    direction: row.direction,
    rank: row.rank,
    tier: row.tier,
    career: { id: row.id, slug: row.slug, title: row.title, socCode: row.soc_code },
    headline: toHeadline(row),
  }
}

export async function relatedCareers (
  db: Queryable, careerId: number, params: { kind?: RelationKind, limit?: number },
): Promise<Static<typeof RelatedCareerList>> {
  const rows = await relatedQuery(db, careerId, params.kind).execute()
  const shown = params.limit === undefined ? rows : rows.slice(0, params.limit)
  return {
    data: shown.map(toRelated),
    total: rows.length,
    attributions: await attributions(db, shown.map((row) => row.source_id)),
  }
}

/** A typical entry education with its label (none for a career without one: `= null` holds for no row). */
export function educationQuery (db: Queryable, code: Expression<EducationCode | null>) {
  return db.selectFrom('education_level').select(['code', 'label']).where('code', '=', code)
}

/** The Occupational Outlook Handbook profile of a SOC code ('' for none: no row has it). */
export function oohQuery (db: Queryable, soc: Operand<string>) {
  return db.selectFrom('ooh_profile').select(['title', 'url']).where('soc_code', '=', soc)
}

/** The editor's wording, else the typical entry education's label, and which of them it is. */
export function degreeRequired (written: string | null, typicalLabel: string | null): Pick<
  CareerBody['education'], 'degreeRequired' | 'degreeRequiredFrom'
> {
  if (written !== null) return { degreeRequired: written, degreeRequiredFrom: 'editor' }
  if (typicalLabel !== null) return { degreeRequired: typicalLabel, degreeRequiredFrom: 'typical-education' }
  return { degreeRequired: null, degreeRequiredFrom: null }
}

const LEVEL_WORDS: Record<CareerCredentialBody['level'], string> = {
  required: 'required',
  'typically-required': 'typically required',
  preferred: 'preferred',
  optional: 'optional',
}

export const NO_CREDENTIALS_NOTE = 'No credentials are recorded for this career. No national dataset of ' +
  'licenses and certifications is loaded, so this does not mean that none is needed: check the state ' +
  'licensing boards and the Occupational Outlook Handbook.'

/**
 * The editor's licensure wording, else one derived from the career's linked licenses
 * ("Registered Nurse (RN) license required"), and which of them it is; with it, the note a
 * career without credential links carries.
 */
export function licensureOf (written: string | null, credentials: CareerCredentialBody[]): {
  licensure: string | null
  licensureFrom: 'editor' | 'credentials' | null
  credentialsNote: string | null
} {
  const credentialsNote = credentials.length === 0 ? NO_CREDENTIALS_NOTE : null
  if (written !== null) return { licensure: written, licensureFrom: 'editor', credentialsNote }
  const licenses = credentials.filter((credential) => credential.kind === 'license')
  if (licenses.length === 0) return { licensure: null, licensureFrom: null, credentialsNote }
  const wording = licenses.map((license) => {
    const name = license.abbreviation === null ? license.name : `${license.name} (${license.abbreviation})`
    return `${name} license ${LEVEL_WORDS[license.level]}`
  })
  return { licensure: wording.join('; '), licensureFrom: 'credentials', credentialsNote }
}

/**
 * The whole profile in one statement: the keyed career, and every part as a subquery on
 * its columns whose rows Postgres returns as JSON (the notices its sources require among
 * them), so a profile costs one round trip whatever the number of related rows. Built once
 * per database handle and key kind (query-template.ts).
 */
function profileQuery (db: Queryable, key: KeyInputs) {
  return db.selectFrom(keyedCareerQuery(db, key).as('keyed')).selectAll('keyed').select((eb) => {
    const careerId = eb.ref('keyed.id')
    // '' for a career without a code: no row has it.
    const soc = sql<string>`coalesce(keyed.soc_code, '')`
    // The code of the official occupation an editorial career belongs to.
    const occupationSoc = sql<string | null>`(case when keyed.kind = 'editorial' then keyed.soc_code end)`
    // The editorial text's source counts only when the career has text from it.
    const textSource = sql<number>`coalesce(case when keyed.summary is not null or cardinality(keyed.duties) > 0
      then keyed.text_source_id end, -1)`
    // Official duties name the O*NET-SOC record they are from; editors' have none (dutiesFrom).
    const dutiesCode = sql<string | null>`(case when keyed.text_source_id is not null
      and cardinality(keyed.duties) > 0 then keyed.duties_onet_soc_code end)`
    return [
      jsonObjectFrom(educationQuery(db, eb.ref('keyed.typical_education'))).as('education'),
      jsonArrayFrom(eb.selectFrom('career_alternate_title').select('title')
        .where('career_id', '=', careerId).orderBy('title')).as('alternate_titles'),
      jsonArrayFrom(careerCredentialsQuery(db, careerId)).as('credentials'),
      jsonArrayFrom(relatedQuery(db, careerId)).as('related'),
      jsonObjectFrom(latestWageQuery(db, soc, 'US')).as('wage'),
      jsonObjectFrom(projectionsQuery(db, soc).limit(1)).as('outlook'),
      jsonObjectFrom(oohQuery(db, soc)).as('ooh'),
      jsonArrayFrom(careerFieldCipsQuery(db, careerId)).as('field_cips'),
      jsonArrayFrom(crosswalkFieldsQuery(db, soc)).as('crosswalk_fields'),
      jsonArrayFrom(eb.selectFrom('career_education_share as s')
        .innerJoin('onet_education_category as c', 'c.category', 's.category')
        .select(['s.category', 'c.label', 's.percent'])
        .where('s.career_id', '=', careerId).orderBy('s.category')).as('education_shares'),
      jsonObjectFrom(interestScoresQuery(db, careerId)).as('interests'),
      jsonArrayFrom(topTechnologiesQuery(db, careerId)).as('top_technologies'),
      jsonObjectFrom(specialtyRecordQuery(db, dutiesCode)).as('duties_from'),
      jsonObjectFrom(eb.selectFrom('career').select(['id', 'slug', 'title', 'soc_code'])
        .where('soc_code', '=', occupationSoc).where('kind', '<>', 'editorial'))
        .as('occupation'),
      jsonArrayFrom(sourcesWithNotice(db).where((w) => w.or([
        w('id', '=', textSource),
        w('id', 'in', w.selectFrom('career_alternate_title').select('source_id').where('career_id', '=', careerId)),
        w('id', 'in', w.selectFrom('career_education_share').select('source_id').where('career_id', '=', careerId)),
        w('id', 'in', workSourceIdsQuery(db, careerId, ['career_technology_skill', 'career_interest'])),
        w('id', 'in', w.selectFrom('career_relation').select('source_id')
          .where((r) => r.or([r('from_career_id', '=', careerId), r('to_career_id', '=', careerId)]))),
      ]))).as('notices'),
    ]
  })
}

const profile = queryTemplate(profileQuery)

type ProfileRow = Awaited<ReturnType<typeof profile.execute>>[number]

/** The profile of the career a key names; undefined when none has it. */
export async function careerProfile (db: Queryable, key: string): Promise<CareerBody | undefined> {
  const [row] = await profile.execute(db, keyInputs(key))
  return row === undefined ? undefined : toProfile(row)
}

/** The profile of the career with this id, which the caller knows to exist (a write's answer). */
export async function careerProfileById (db: Queryable, id: number): Promise<CareerBody> {
  const [row] = await profile.execute(db, { id })
  if (row === undefined) throw new Error(`career ${id} vanished while its profile was read`)
  return toProfile(row)
}

/** The answer from the statement's row: the career's columns and its parts. */
function toProfile (parts: ProfileRow): CareerBody {
  const career = parts
  const soc = career.soc_code
  const education = career.typical_education
  const credentials = parts.credentials.map(toCareerCredential)
  const wage = soc === null || parts.wage === null ? null : toWageEstimate(parts.wage)
  const outlook = soc === null || parts.outlook === null ? null : toProjection(parts.outlook)
  return {
    id: career.id,
    slug: career.slug,
    title: career.title,
    socCode: career.soc_code,
    kind: career.kind,
    occupation: parts.occupation === null
      ? null
      : { id: parts.occupation.id, slug: parts.occupation.slug, title: parts.occupation.title, socCode: soc },
    alternateTitles: parts.alternate_titles.map((row) => row.title),
    summary: career.summary,
    duties: career.duties,
    dutiesFrom: toOnetRecord(parts.duties_from),
    workEnvironment: career.work_environment,
    education: {
      typical: education === null ? null : parts.education,
      ...degreeRequired(career.degree_required, education === null ? null : parts.education?.label ?? null),
      ...toCareerFieldsOfStudy(career.fields_of_study, parts.field_cips, parts.crosswalk_fields),
    },
    preparation: { jobZone: career.job_zone, educationShares: parts.education_shares },
    work: toWorkSummary(parts.interests, parts.top_technologies),
    ...licensureOf(career.licensure, credentials),
    advancement: career.advancement,
    credentials,
    related: parts.related.map(toRelated),
    wage,
    outlook,
    ooh: parts.ooh,
    notPublished: notPublishedFor(soc),
    attributions: noticesOf(parts.notices, [
      wage?.source, outlook?.source, ...credentials.map((credential) => credential.source),
    ]),
    updatedAt: career.updated_at.toISOString(),
  }
}
