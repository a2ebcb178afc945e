// Importing O*NET's Technology Skills, Interests and Work Styles: one O*NET-SOC record per
// occupation, what each file skips and why, idempotency, a newer file replacing a career's
// list, and bad rows failing the file with an error that says where.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import t from 'tap'
import { importFile } from '../../../src/import/index.js'
import { testDatabase } from '../../helpers/database.js'

const FIXTURES = path.resolve('test/fixtures/onet_29_2')
const database = await testDatabase()
t.teardown(() => database.close())
const db = database.db
const scratch = await mkdtemp(path.join(os.tmpdir(), 'career-work-'))
t.teardown(() => rm(scratch, { recursive: true, force: true }))
// Files written here are O*NET 29.2 by their folder's name, as in a release.
const release = path.join(scratch, 'onet_29_2')
await mkdir(release)

const onet = (file: string) => importFile(db, 'onet', path.join(FIXTURES, file))

/** The fixture file with its lines changed, written under `name` in the scratch release. */
async function variant (fixture: string, name: string, change: (lines: string[]) => string[]): Promise<string> {
  const lines = (await readFile(path.join(FIXTURES, fixture), 'utf8')).trimEnd().split('\n')
  const file = path.join(release, name)
  await writeFile(file, `${change(lines).join('\n')}\n`)
  return file
}

const careerId = async (soc: string) => (await db.selectFrom('career').select('id').where('soc_code', '=', soc)
  .where('kind', '=', 'occupation').executeTakeFirstOrThrow()).id

t.test('each file: one record per occupation, the rest skipped with the reason', async (t) => {
  const occupations = await onet('Occupation Data.txt')
  t.same(occupations.tables.get('onet_occupation'), { inserted: 6, updated: 0, unchanged: 0 },
    'every O*NET-SOC record\'s title, the specialties\' too')
  const tasks = await onet('Task Statements.txt')
  t.same([...tasks.skipped], [['tasks of other O*NET-SOC codes of an occupation (one record each: its own .00, ' +
    'else its lowest-numbered specialty with rows)', 2]], '29-9021.01\'s and 15-1299.09\'s')

  const skills = await onet('Technology Skills.txt')
  t.same(skills.tables.get('career_technology_skill'), { inserted: 13 + 3 + 3 + 3, updated: 0, unchanged: 0 })
  t.same([...skills.skipped], [['technology skills of other O*NET-SOC codes of an occupation (one record each: ' +
    'its own .00, else its lowest-numbered specialty with rows)', 3]], '15-1299.09\'s two, 29-9021.01\'s one')
  const other = await db.selectFrom('career_technology_skill').select(['example', 'onet_soc_code'])
    .where('career_id', '=', await careerId('15-1299')).orderBy('example').execute()
  t.same(other.map((row) => [row.example, row.onet_soc_code]), [
    ['Adobe Acrobat', '15-1299.08'], ['Amazon DynamoDB', '15-1299.08'], ['Firewall software', '15-1299.08'],
  ], 'each row keeps the record it is from')

  const interests = await onet('Interests.txt')
  t.same(interests.tables.get('career_interest'), { inserted: 4, updated: 0, unchanged: 0 })
  t.same([...interests.skipped], [
    ['interest high-points (scale IH): the code is worked out from the six scores', 15],
    ['interest scores of other O*NET-SOC codes of an occupation (one record each: its own .00, else its ' +
      'lowest-numbered specialty with rows)', 6],
  ])
  const registrars = await db.selectFrom('career_interest').selectAll()
    .where('career_id', '=', await careerId('29-9021')).executeTakeFirstOrThrow()
  t.match(registrars, {
    realistic: 2.48, investigative: 5.18, artistic: 1.19, social: 3.8, enterprising: 2.2, conventional: 5.96,
    onet_soc_code: '29-9021.00',
  })

  const styles = await onet('Work Styles.txt')
  t.same(styles.tables.get('career_work_style'), { inserted: 32, updated: 0, unchanged: 0 },
    '16 elements for 11-9111 and for 15-1299 (from 15-1299.08)')
  t.equal(styles.totals.skipped, 16)

  for (const file of ['Occupation Data.txt', 'Task Statements.txt', 'Technology Skills.txt', 'Interests.txt',
    'Work Styles.txt']) {
    const again = (await onet(file)).totals
    t.same([again.inserted, again.updated], [0, 0], `${file} a second time changes nothing`)
  }
})

t.test('a newer file replaces the lists of the careers it covers', async (t) => {
  const specialists = await careerId('29-2072')
  const file = await variant('Technology Skills.txt', 'Technology Skills.txt', (lines) => lines
    .filter((line) => !line.includes('IBM Lotus 1-2-3'))
    .map((line) => line.startsWith('29-2072.00\t3M Encoder') ? line.replace(/\tN\tN$/, '\tY\tN') : line))
  const summary = await importFile(db, 'onet', file)
  t.same(summary.tables.get('career_technology_skill'), { inserted: 0, updated: 2, unchanged: 20 },
    'one flag changed, one example gone')
  const rows = await db.selectFrom('career_technology_skill').select(['example', 'hot'])
    .where('career_id', '=', specialists).where('commodity_code', 'in', ['43232110', '43232301'])
    .orderBy('example').execute()
  t.same(rows, [{ example: '3M Encoder', hot: true }, { example: 'Microsoft Excel', hot: true }])

  const styles = await variant('Work Styles.txt', 'Work Styles.txt', (lines) => lines
    .map((line) => line.startsWith('11-9111.00\t1.C.5.c\t') ? line.replace(/\tn\/a\t08\/2022/, '\tY\t08/2022') : line))
  const suppressed = await importFile(db, 'onet', styles)
  t.equal(suppressed.skipped.get('ratings O*NET recommends suppressing (Recommend Suppress = Y)'), 1)
  t.same(suppressed.tables.get('career_work_style'), { inserted: 0, updated: 1, unchanged: 31 },
    'the rating now suppressed is removed')
  const integrity = await db.selectFrom('career_work_style').select('name')
    .where('career_id', '=', await careerId('11-9111')).where('element_id', '=', '1.C.5.c').execute()
  t.same(integrity, [])
})

t.test('files are told by name; a header shared with other tables is not enough', async (t) => {
  const renamed = await variant('Technology Skills.txt', 'tech.txt', (lines) => lines)
  t.ok((await importFile(db, 'onet', renamed)).tables.has('career_technology_skill'), 'Technology Skills by its header')
  const skills = await variant('Work Styles.txt', 'Skills.txt', (lines) => lines)
  await t.rejects(importFile(db, 'onet', skills), { message: /^Skills\.txt: not a file this importer reads/ },
    'a Work Styles header under another name may be Skills, Abilities or Knowledge')
  const wrong = await variant('Job Zones.txt', 'Interests.txt', (lines) => lines)
  await t.rejects(importFile(db, 'onet', wrong), { message: /^Interests\.txt: no header row with the columns/ })
})

t.test('a bad row fails the file and names where it is', async (t) => {
  const before = await db.selectFrom('career_technology_skill').select('example').execute()
  const cases: Array<[string, (line: string) => string, RegExp]> = [
    ['Technology Skills.txt', (line) => line.replace(/\tY\tY$/, '\tY\tyes'),
      /Technology Skills\.txt, row 4, column "In Demand", value "yes": expected Y or N/],
    ['Technology Skills.txt', (line) => line.replace('43232202', '4323'),
      /row 2, column "Commodity Code", value "4323": expected an 8-digit UNSPSC commodity code/],
    ['Interests.txt', (line) => line.replace('\t2.15\t', '\t7.5\t'),
      /Interests\.txt, row 2, column "Data Value", value "7\.5": expected a score from 1 to 7/],
    ['Interests.txt', (line) => line.replace('1.B.1.a\tRealistic', '1.B.1.z\tRealistic'),
      /row 2, column "Element ID", value "1\.B\.1\.z": not one of the six RIASEC interests/],
    ['Work Styles.txt', (line) => line.replace('\t4.21\t', '\t0.5\t'),
      /Work Styles\.txt, row 2, column "Data Value", value "0\.5": expected an importance from 1 to 5/],
    ['Work Styles.txt', (line) => line.replace('\t1.C.1.a\t', '\tAchievement\t'),
      /row 2, column "Element ID", value "Achievement": not an O\*NET element id/],
  ]
  for (const [fixture, change, message] of cases) {
    // Only the first data row that the change alters is changed.
    let changed = false
    const file = await variant(fixture, fixture, (lines) => lines.map((line, i) => {
      if (i === 0 || changed) return line
      const next = change(line)
      changed = next !== line
      return next
    }))
    await t.rejects(importFile(db, 'onet', file), { name: 'ImportError', message }, fixture)
  }
  const duplicate = await variant('Technology Skills.txt', 'Technology Skills.txt',
    (lines) => [...lines, lines[1] ?? ''])
  await t.rejects(importFile(db, 'onet', duplicate),
    { message: /column "Example", value "Adobe Acrobat": the same example twice under one commodity/ })
  const twice = await variant('Work Styles.txt', 'Work Styles.txt', (lines) => [...lines, lines[1] ?? ''])
  await t.rejects(importFile(db, 'onet', twice), { message: /the same element twice for one O\*NET-SOC code/ })
  t.same(await db.selectFrom('career_technology_skill').select('example').execute(), before,
    'nothing of a failed file is kept')
})

t.test('interests: a record without all six scores does not count', async (t) => {
  const file = await variant('Interests.txt', 'Interests.txt', (lines) => lines
    .filter((line) => !line.startsWith('11-9111.00\t1.B.1.f\t')))
  const summary = await importFile(db, 'onet', file)
  t.equal(summary.skipped.get('interest scores of O*NET-SOC codes without all six'), 5)
  t.same(summary.tables.get('career_interest'), { inserted: 0, updated: 0, unchanged: 3 },
    '11-9111 keeps the scores it had')
})
