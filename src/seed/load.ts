// Loads the reference page's facts. Every insert skips rows that exist, so a second run
// changes nothing and editors' corrections are never overwritten by the seed.
import { refreshLatestFigures } from '../resources/career-figures/latest.js'
import { sql } from 'kysely'
import type { Db } from '../db/connect.js'
import type { Queryable } from '../db/queryable.js'
import { upsertSource } from '../resources/sources/upsert.js'
import * as page from './reference-page.js'

async function idsBySlug (
  db: Queryable,
  table: 'career' | 'organization' | 'credential',
): Promise<Map<string, number>> {
  const rows = await db.selectFrom(table).select(['id', 'slug']).execute()
  return new Map(rows.map((row) => [row.slug, row.id]))
}

function requireId (ids: Map<string, number>, slug: string): number {
  const id = ids.get(slug)
  if (id === undefined) throw new Error(`seed refers to unknown slug ${slug}`)
  return id
}

async function insertSourceOnce (db: Queryable, source: page.SeedSource): Promise<number> {
  const existing = await db.selectFrom('source').select('id').where('slug', '=', source.slug).executeTakeFirst()
  return existing?.id ?? upsertSource(db, source)
}

export async function seed (db: Db): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const editorial = await insertSourceOnce(trx, page.EDITORIAL)
    const oews2015 = await insertSourceOnce(trx, page.BLS_OEWS_2015)
    const ep2014 = await insertSourceOnce(trx, page.BLS_EP_2014_24)
    const credentialSources = {
      editorial,
      'ahima-certification': await insertSourceOnce(trx, page.AHIMA_CERTIFICATION),
    }

    await trx.insertInto('area').values({ code: 'US', name: 'United States', kind: 'national' })
      .onConflict((oc) => oc.doNothing()).execute()
    await trx.insertInto('industry').values(page.industries).onConflict((oc) => oc.doNothing()).execute()
    await trx.insertInto('organization').values(page.organizations).onConflict((oc) => oc.doNothing()).execute()

    await trx.insertInto('career').values(page.careers.map((career) => ({
      slug: career.slug,
      title: career.title,
      soc_code: career.socCode,
      summary: career.summary,
      duties: career.duties,
      work_environment: career.workEnvironment,
      typical_education: career.typicalEducation,
      degree_required: career.degreeRequired,
      fields_of_study: career.fieldsOfStudy,
      licensure: career.licensure,
      advancement: career.advancement,
    }))).onConflict((oc) => oc.doNothing()).execute()
    const careerIds = await idsBySlug(trx, 'career')

    const alternateTitles = page.careers.flatMap((career) => career.alternateTitles.map((title) => ({
      career_id: requireId(careerIds, career.slug), title, source_id: editorial,
    })))
    if (alternateTitles.length > 0) {
      await trx.insertInto('career_alternate_title').values(alternateTitles)
        .onConflict((oc) => oc.expression(sql`career_id, lower(title)`).doNothing()).execute()
    }

    await trx.insertInto('career_relation').values(page.relations.map((relation) => ({
      from_career_id: requireId(careerIds, relation.from),
      to_career_id: requireId(careerIds, relation.to),
      kind: relation.kind,
      source_id: editorial,
    }))).onConflict((oc) => oc.doNothing()).execute()

    const organizationIds = await idsBySlug(trx, 'organization')
    await trx.insertInto('credential').values(page.credentials.map((credential) => ({
      slug: credential.slug,
      abbreviation: credential.abbreviation,
      name: credential.name,
      kind: credential.kind,
      issuer_id: credential.issuer === null ? null : requireId(organizationIds, credential.issuer),
      jurisdiction: credential.jurisdiction,
      requirements: credential.requirements,
      renewal: credential.renewal,
      source_id: credentialSources[credential.source],
    }))).onConflict((oc) => oc.doNothing()).execute()
    const credentialIds = await idsBySlug(trx, 'credential')
    await trx.insertInto('career_credential').values(page.credentials.flatMap((credential) =>
      credential.careers.map((link) => ({
        career_id: requireId(careerIds, link.career),
        credential_id: requireId(credentialIds, credential.slug),
        level: link.level,
        note: link.note,
      })))).onConflict((oc) => oc.doNothing()).execute()

    const cip = await insertSourceOnce(trx, page.NCES_CIP_2020)
    await trx.insertInto('field_of_study').values(page.fieldsOfStudy.map((field) => ({ ...field, source_id: cip })))
      .onConflict((oc) => oc.doNothing()).execute()
    await trx.insertInto('career_field_cip').values(page.careerFieldCips.map((link) => ({
      career_id: requireId(careerIds, link.career), field: link.field, cip_code: link.cip,
    }))).onConflict((oc) => oc.doNothing()).execute()

    await trx.insertInto('soc_crosswalk').values(page.crosswalk).onConflict((oc) => oc.doNothing()).execute()

    await trx.insertInto('wage_estimate').values(page.wages.map((wage) => ({
      soc_version: wage.socVersion,
      soc_code: wage.socCode,
      occupation_title: wage.occupationTitle,
      period_year: wage.year,
      period_month: wage.month,
      area_code: 'US',
      industry_code: wage.industry,
      employment: null,
      employment_rse: null,
      hourly_mean: null,
      hourly_p10: null,
      hourly_p25: null,
      hourly_median: null,
      hourly_p75: null,
      hourly_p90: null,
      annual_mean: wage.annualMean,
      annual_p10: null,
      annual_p25: null,
      annual_median: null,
      annual_p75: null,
      annual_p90: null,
      source_id: oews2015,
    }))).onConflict((oc) => oc.doNothing()).execute()

    await trx.insertInto('projection_cycle').values({
      base_year: page.projectionCycle.baseYear,
      target_year: page.projectionCycle.targetYear,
      soc_version: page.projectionCycle.socVersion,
      source_id: ep2014,
    }).onConflict((oc) => oc.doNothing()).execute()
    const cycle = await trx.selectFrom('projection_cycle').select('id')
      .where('base_year', '=', page.projectionCycle.baseYear)
      .where('target_year', '=', page.projectionCycle.targetYear)
      .executeTakeFirstOrThrow()
    await trx.insertInto('projection_band').values(page.projectionBands2014.map((band) => ({
      cycle_id: cycle.id, descriptor: band.descriptor, min_percent: band.minPercent,
    }))).onConflict((oc) => oc.doNothing()).execute()
    await trx.insertInto('projection').values(page.projections.map((projection) => ({
      cycle_id: cycle.id,
      soc_code: projection.socCode,
      occupation_title: projection.occupationTitle,
      base_employment: null,
      projected_employment: null,
      change_numeric: null,
      change_percent: projection.changePercent,
      annual_openings: null,
      typical_education: null,
      work_experience: null,
      on_the_job_training: null,
      source_id: ep2014,
    }))).onConflict((oc) => oc.doNothing()).execute()
    await refreshLatestFigures(trx)
  })
}

/** True when no career exists yet: the start-up seed runs only then. */
export async function isEmpty (db: Db): Promise<boolean> {
  const row = await db.selectFrom('career').select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow()
  return row.count === 0
}
