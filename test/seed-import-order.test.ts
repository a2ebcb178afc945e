// Official occupations stay official whichever comes first: seeding then importing the
// official files, and importing then seeding, give the same data (compared by keys, as ids
// follow the order of arrival).
import path from 'node:path'
import t from 'tap'
import { sql } from 'kysely'
import type { Db } from '../src/db/connect.js'
import { importFile, type ImportKind } from '../src/import/index.js'
import { seed } from '../src/seed/load.js'
import { testDatabase } from './helpers/database.js'

const FILES: Array<[ImportKind, string]> = [
  ['soc', 'soc/soc_structure_2018.xlsx'],
  ['soc', 'soc/soc_2018_definitions.xlsx'],
  ['soc', 'soc/soc_2018_direct_match_title_file.xlsx'],
  ['soc', 'soc/soc_2010_to_2018_crosswalk.xlsx'],
  ['soc', 'ep/nem-onet-to-soc-crosswalk.xlsx'],
  ['oews', 'oews/national_M2024_dl.xlsx'],
  ['oews', 'oews/national_M2015_dl.xlsx'],
  ['projections', 'ep/occupation.xlsx'],
  ...['Occupation Data', 'Task Statements', 'Alternate Titles', 'Sample of Reported Titles', 'Related Occupations',
    'Job Zones', 'Education, Training, and Experience Categories', 'Education, Training, and Experience',
  ].map((table): [ImportKind, string] => ['onet', `onet_29_2/${table}.txt`]),
  ['cip', 'cip_soc/CIPCode2020.csv'],
  ['cip-soc', 'cip_soc/CIP2020_SOC2018_Crosswalk.xlsx'],
]

async function importAll (db: Db): Promise<void> {
  for (const [kind, file] of FILES) await importFile(db, kind, path.resolve('test/fixtures', file))
}

/** Every row that carries a fact, with ids replaced by the slugs and codes they stand for. */
async function facts (db: Db): Promise<Record<string, unknown[]>> {
  const query = async (text: string) => (await sql.raw<Record<string, unknown>>(text).execute(db)).rows
  return {
    careers: await query(`select slug, title, soc_code, kind, summary, duties, typical_education, degree_required,
      licensure, job_zone, (select slug from source where id = text_source_id) as text_source from career
      order by slug`),
    titles: await query(`select c.slug, a.title, s.slug as source from career_alternate_title a
      join career c on c.id = a.career_id left join source s on s.id = a.source_id order by 1, 2`),
    relations: await query(`select f.slug as from_slug, t.slug as to_slug, r.kind from career_relation r
      join career f on f.id = r.from_career_id join career t on t.id = r.to_career_id order by 1, 2, 3`),
    wages: await query(`select w.soc_version, w.soc_code, w.period_year, w.industry_code, w.annual_mean,
      w.occupation_title, s.slug as source from wage_estimate w join source s on s.id = w.source_id
      order by 1, 2, 3, 4`),
    projections: await query(`select c.base_year, p.soc_code, p.change_percent, p.occupation_title
      from projection p join projection_cycle c on c.id = p.cycle_id order by 1, 2`),
    credentials: await query(`select c.slug as career, k.slug as credential, l.level from career_credential l
      join career c on c.id = l.career_id join credential k on k.id = l.credential_id order by 1, 2`),
    sources: await query('select slug, publisher, dataset, reference_period, url from source order by slug'),
  }
}

const seedFirst = await testDatabase({ empty: true })
t.teardown(() => seedFirst.close())
const importFirst = await testDatabase({ empty: true })
t.teardown(() => importFirst.close())

t.test('seed then import equals import then seed', async (t) => {
  await seed(seedFirst.db)
  await importAll(seedFirst.db)
  await importAll(importFirst.db)
  await seed(importFirst.db)
  const [a, b] = [await facts(seedFirst.db), await facts(importFirst.db)]
  for (const part of Object.keys(a)) t.same(b[part], a[part], part)
  const technician = a.careers?.filter((row) => (row as { soc_code: string }).soc_code === '29-2072')
  t.match(technician, [
    { slug: 'health-information-technician', kind: 'editorial', title: 'Health Information Technician' },
    { slug: 'medical-records-specialists', kind: 'occupation', title: 'Medical Records Specialists' },
  ], 'the seed\'s career sits beside the official occupation, which keeps its title')
})
