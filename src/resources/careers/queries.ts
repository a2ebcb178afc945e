// Finding a career and its related careers (the profile: profile-json.ts; lists: list-queries.ts).
import { sql, type Expression } from 'kysely'
import type { Static } from '@sinclair/typebox'
import type { CareerRow, EducationCode } from '../../db/schema.js'
import type { RelationKind } from '../../db/schema.js'
import { errors } from '../../errors.js'
import type { Career, RelatedCareer, RelatedCareerList } from './schemas.js'
import { attributions } from './attributions.js'
import type { CareerCredentialBody } from '../credentials/queries.js'
import type { Operand, Queryable } from '../../db/queryable.js'
import { editorialLast } from './kinds.js'
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

export const LEVEL_WORDS: Record<CareerCredentialBody['level'], string> = {
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
