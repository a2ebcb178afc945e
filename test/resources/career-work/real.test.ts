// The O*NET work data on the real O*NET 29.2 files in ../shared/data (or CAREER_FACTS_DATA),
// when present: how many civilian detailed occupations get technology skills, interests,
// work styles and duties, and that none O*NET rates is lost on the way.
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import t from 'tap'
import { importFile } from '../../../src/import/index.js'
import type { CareerBody } from '../../../src/resources/careers/queries.js'
import { setupApp } from '../../helpers/app.js'

const DATA = path.resolve(process.env.CAREER_FACTS_DATA ?? '../shared/data')
const ONET = path.join(DATA, 'onet_29_2')
const SOC = path.join(DATA, 'soc', 'soc_2018_definitions.xlsx')

/** The SOC codes a table of the release has rows for (the first seven characters of its O*NET-SOC codes). */
async function codesIn (file: string): Promise<Set<string>> {
  const lines = (await readFile(path.join(ONET, file), 'utf8')).split('\n').slice(1)
  return new Set(lines.filter((line) => line !== '').map((line) => line.slice(0, 7)))
}

if (!existsSync(path.join(ONET, 'Technology Skills.txt')) || !existsSync(SOC)) {
  t.pass(`skipped: no O*NET 29.2 release and SOC definitions in ${DATA}`)
} else {
  // Tens of thousands of rows on PGlite on a shared 2-core machine.
  t.setTimeout(900_000)
  const { app, database } = await setupApp(t)
  const db = database.db

  t.test('civilian detailed occupations with technology skills, interests, work styles and duties', async (t) => {
    await importFile(db, 'soc', SOC)
    for (const table of ['Occupation Data', 'Task Statements', 'Technology Skills', 'Interests', 'Work Styles']) {
      await importFile(db, 'onet', path.join(ONET, `${table}.txt`))
    }
    const careers = await db.selectFrom('career').select(['id', 'soc_code']).where('kind', '=', 'occupation')
      .where('soc_code', 'not like', '55-%').execute()
    t.equal(careers.length, 848, 'every civilian detailed occupation of SOC 2018 is a career')
    const civilian = new Set(careers.map((career) => career.soc_code ?? ''))
    const withRows = async (table: 'career_technology_skill' | 'career_interest' | 'career_work_style') =>
      new Set((await db.selectFrom(table).select('career_id').distinct().execute()).map((row) => row.career_id))
    const withDuties = await db.selectFrom('career').select('id').where('kind', '=', 'occupation')
      .where('soc_code', 'not like', '55-%').where(({ fn }) => fn('cardinality', ['duties']), '>', 0).execute()
    const measured = [
      { what: 'duties', file: 'Task Statements.txt', careers: new Set(withDuties.map((row) => row.id)) },
      { what: 'technology skills', file: 'Technology Skills.txt', careers: await withRows('career_technology_skill') },
      { what: 'interests', file: 'Interests.txt', careers: await withRows('career_interest') },
      { what: 'work styles', file: 'Work Styles.txt', careers: await withRows('career_work_style') },
    ]
    // The civilian codes no table of the release rates: 50 "All Other" occupations with no
    // specialty O*NET rates (11-9039 Education Administrators, All Other, …).
    const tasks = await codesIn('Task Statements.txt')
    const rated = [...civilian].filter((code) => tasks.has(code)).length
    const ids = new Set(careers.map((career) => career.id))
    for (const { what, file, careers: covered } of measured) {
      const count = [...covered].filter((id) => ids.has(id)).length
      const inFile = await codesIn(file)
      const published = [...civilian].filter((code) => inFile.has(code)).length
      t.comment(`${what}: ${count} of 848 civilian detailed occupations (${(100 * count / 848).toFixed(1)} %), ` +
        `${count} of the ${rated} O*NET rates (${(100 * count / rated).toFixed(1)} %)`)
      t.equal(count, published, `${what}: every civilian occupation ${file} has rows for`)
      t.ok(count / rated >= 0.95, `${what}: at least 95 % of the civilian occupations O*NET rates`)
      // Of all 848, O*NET 29.2 leaves out the 50 it rates no record of, and its Work Styles 35
      // more it rates otherwise (15-1252 Software Developers, 29-2072 Medical Records Specialists…).
      t.ok(count / 848 >= (what === 'work styles' ? 0.89 : 0.94), `${what}: the share of all 848 (29.2's floor)`)
    }
    t.equal(rated, 848 - 50)
  })

  t.test('known answers', async (t) => {
    const get = async <T>(url: string): Promise<T> => {
      const response = await app.inject({ url })
      if (response.statusCode !== 200) throw new Error(`${url}: ${response.statusCode} ${response.body}`)
      return response.json<T>()
    }
    const other = await get<CareerBody>('/v1/careers/15-1299')
    t.same(other.dutiesFrom, { onetSocCode: '15-1299.01', title: 'Web Administrators' },
      'Computer Occupations, All Other: the duties of its lowest-numbered specialty')
    t.equal(other.work.interestCode, (await get<{ code: string }>('/v1/careers/15-1299/interests')).code)
    const specialists = await get<CareerBody>('/v1/careers/29-2072')
    t.match(specialists, { dutiesFrom: null, work: { interestCode: 'CIS' } })
    t.equal(specialists.work.topTechnologies.length, 5)
    const developers = await get<{ data: Array<{ hot: boolean, examples: unknown[] }> }>(
      '/v1/careers/15-1252/technology-skills')
    t.ok(developers.data.length > 20, 'software developers work with many kinds of technology')
    t.ok(developers.data[0]?.hot, 'hot ones first')
  })
}
