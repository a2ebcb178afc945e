import t from 'tap'
import { sql } from 'kysely'
import { isEmpty, seed } from '../src/seed/load.js'
import { setupApp } from './helpers/app.js'
import type { EducationCode } from '../src/db/schema.js'

const { database } = await setupApp(t)
const db = database.db

const TABLES = [
  'source', 'area', 'industry', 'organization', 'career', 'career_alternate_title', 'career_relation', 'credential',
  'career_credential', 'soc_crosswalk', 'wage_estimate', 'projection_cycle', 'projection_band', 'projection',
  'field_of_study', 'career_field_cip', 'institution', 'program',
] as const

async function contents (): Promise<string> {
  const parts: string[] = []
  for (const table of TABLES) {
    const rows = await sql<{ row: unknown }>`select to_jsonb(x) as row from ${sql.table(table)} x order by 1`
      .execute(db)
    parts.push(`${table}:${JSON.stringify(rows.rows)}`)
  }
  return parts.join('\n')
}

t.test('a seeded database is not empty, so start-up does not seed it again', async (t) => {
  t.equal(await isEmpty(db), false)
})

t.test('a second seed run changes nothing', async (t) => {
  const before = await contents()
  await seed(db)
  t.equal(await contents(), before)
})

t.test('the seed keeps an editor\'s correction', async (t) => {
  await db.updateTable('career')
    .set({ summary: 'Edited by an editor.' })
    .where('slug', '=', 'database-administrator')
    .execute()
  await seed(db)
  const row = await db.selectFrom('career')
    .select('summary')
    .where('slug', '=', 'database-administrator')
    .executeTakeFirstOrThrow()
  t.equal(row.summary, 'Edited by an editor.')
})

t.test('figures the page does not give are null, never invented', async (t) => {
  const wages = await db.selectFrom('wage_estimate').selectAll().orderBy('annual_mean').execute()
  t.same(wages.map((w) => w.annual_mean), [40430, 106070, 161530])
  for (const wage of wages) {
    t.same([wage.employment, wage.annual_median, wage.hourly_mean, wage.annual_p90], [null, null, null, null])
  }
  const industryWage = wages.find((w) => w.industry_code !== null)
  t.equal(industryWage?.industry_code, '3254')
  const projections = await db.selectFrom('projection').selectAll().orderBy('soc_code').execute()
  t.same(projections.map((p) => [p.soc_code, p.change_percent, p.base_employment, p.annual_openings]), [
    ['11-9111', 17, null, null],
    ['29-2071', 15, null, null],
  ])
})

t.test('the page\'s fields of study are CIP codes, as text; the page names no schools', async (t) => {
  const links = await db.selectFrom('career_field_cip as l').innerJoin('career as c', 'c.id', 'l.career_id')
    .innerJoin('field_of_study as f', 'f.code', 'l.cip_code')
    .select(['c.slug', 'l.field', 'f.code', 'f.title']).orderBy('c.slug').orderBy('f.code').execute()
  t.same(links, [
    {
      slug: 'health-information-manager',
      field: 'Health information management',
      code: '51.0706',
      title: 'Health Information/Medical Records Administration/Administrator',
    },
    {
      slug: 'health-information-manager',
      field: 'Health information technology',
      code: '51.0707',
      title: 'Health Information/Medical Records Technology/Technician',
    },
    {
      slug: 'health-information-technician',
      field: 'Health information technology',
      code: '51.0707',
      title: 'Health Information/Medical Records Technology/Technician',
    },
  ])
  t.same(await db.selectFrom('institution').select('id').execute(), [], 'no invented schools')
  t.same(await db.selectFrom('program').select('id').execute(), [])
})

t.test('constraints keep bad data out', async (t) => {
  await t.rejects(db.insertInto('career').values({ slug: 'Bad Slug', title: 'x' }).execute(), { code: '23514' })
  await t.rejects(
    db.insertInto('career').values({ slug: 'ok-slug', title: 'x', soc_code: '292072' }).execute(),
    { code: '23514' },
  )
  await t.rejects(
    db.insertInto('career').values({ slug: 'health-information-technician', title: 'dup' }).execute(),
    { code: '23505' },
  )
  await t.rejects(
    db.insertInto('career').values({ slug: 'x-edu', title: 'x', typical_education: 'phd' as EducationCode }).execute(),
    { code: '23503' },
  )
  await t.rejects(
    db.insertInto('career_credential')
      .values({ career_id: 1, credential_id: 1, level: 'mandatory' as 'required' })
      .execute(),
    { code: '23514' },
  )
  await t.rejects(
    db.insertInto('field_of_study').values({ code: '1.0000', family: '1', title: 'x' }).execute(),
    { code: '23514' },
    'a CIP code keeps its zero',
  )
  await t.rejects(
    db.insertInto('field_of_study').values({ code: '01.0001', family: '02', title: 'x' }).execute(),
    { code: '23514' },
    'the family is the code\'s first two digits',
  )
})
