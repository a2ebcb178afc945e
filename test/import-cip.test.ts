// The CIP importers on small files in each layout (test/fixtures/cip_soc): codes stay text
// with their leading zero whatever the cell held, retired codes are skipped, both crosswalk
// layouts link CIP to SOC, a second run changes nothing and a broken row rolls back.
import path from 'node:path'
import t from 'tap'
import { cipCodeOf } from '../src/import/cip.js'
import { importFile, type ImportKind } from '../src/import/index.js'
import { setupApp } from './helpers/app.js'

const fixture = (file: string): string => path.resolve('test/fixtures/cip_soc', file)
const { database } = await setupApp(t)
const db = database.db

async function run (kind: ImportKind, file: string) {
  return (await importFile(db, kind, fixture(file))).totals
}

const links = async (source: string) => (await db.selectFrom('cip_soc')
  .innerJoin('source', 'source.id', 'cip_soc.source_id')
  .select(['cip_code', 'soc_code'])
  .where('source.slug', '=', source)
  .orderBy('cip_code')
  .orderBy('soc_code')
  .execute())
  .map((row) => `${row.cip_code} ${row.soc_code}`)

t.test('a CIP code is text: zeros survive numbers, Excel quoting and dropped family digits', async (t) => {
  t.equal(cipCodeOf('01.0000', false), '01.0000')
  t.equal(cipCodeOf('="01.0000"', false), '01.0000')
  t.equal(cipCodeOf('1.0000', false), '01.0000')
  t.equal(cipCodeOf('01', false), '01')
  t.equal(cipCodeOf('01.00', false), '01.00')
  t.equal(cipCodeOf(1, true), '01.0000', 'a number where only 6-digit codes stand')
  t.equal(cipCodeOf(1.01, true), '01.0100', 'Excel stores 01.0100 as 1.01')
  t.equal(cipCodeOf('51.071', true), '51.0710', 'and a CSV saved from it says 51.071')
  t.equal(cipCodeOf(43.0107, true), '43.0107')
  t.equal(cipCodeOf(1, false), null, 'in the CIP list a number could be any level: refused')
  t.equal(cipCodeOf('01.00', true), '01.0000', 'where only programs stand, 01.00 is 01.0000 with its zeros trimmed')
  t.equal(cipCodeOf('01', true), null, 'a family is no program code')
  t.equal(cipCodeOf('51.07x7', false), null)
  t.equal(cipCodeOf(true, false), null)
  t.equal(cipCodeOf(123, true), null)
})

t.test('cip: the NCES list, retired codes skipped, titles without their period', async (t) => {
  const summary = await importFile(db, 'cip', fixture('CIPCode2020.csv'))
  const codes = summary.tables.get('field_of_study')
  t.same(
    [codes?.inserted, (codes?.inserted ?? 0) + (codes?.updated ?? 0) + (codes?.unchanged ?? 0)],
    [7, 10],
    'ten 2020 codes; the seed holds 51, 51.0706 and 51.0707 already',
  )
  t.same(summary.tables.get('cip_retired'), { inserted: 3, updated: 0, unchanged: 0 },
    'two deleted codes and a moved-from code are kept apart')
  const rows = await db.selectFrom('field_of_study')
    .select(['code', 'family', 'digits', 'title'])
    .orderBy('code')
    .execute()
  t.same(rows.map((row) => row.code), [
    '01', '01.00', '01.0000', '01.0101', '01.0102', '01.1004', '51', '51.07', '51.0706', '51.0707',
  ])
  t.same(await db.selectFrom('cip_retired').select(['code', 'action', 'replaced_by']).orderBy('code').execute(), [
    { code: '01.0309', action: 'moved', replaced_by: '01.1004' },
    { code: '45.14', action: 'deleted', replaced_by: null },
    { code: '60.0499', action: 'deleted', replaced_by: null },
  ], 'with the code NCES says to use instead, when it names a 6-digit one')
  t.same(
    rows.find((row) => row.code === '01.0102'),
    { code: '01.0102', family: '01', digits: 6, title: 'Agribusiness/Agricultural Business Operations' },
    'a code and family saved as "1.0102" and "1" get their zero back',
  )
  t.same(rows.find((row) => row.code === '51.0707')?.title, 'Health Information/Medical Records Technology/Technician')
  t.same(rows.filter((row) => row.digits === 2).map((row) => row.code), ['01', '51'])
  const source = await db.selectFrom('field_of_study').innerJoin('source', 'source.id', 'field_of_study.source_id')
    .select(['source.publisher', 'source.dataset']).where('code', '=', '01.0000').executeTakeFirstOrThrow()
  t.same(source, {
    publisher: 'National Center for Education Statistics, U.S. Department of Education',
    dataset: 'Classification of Instructional Programs (CIP) 2020',
  })

  const again = await run('cip', 'CIPCode2020.csv')
  t.same([again.inserted, again.updated, again.unchanged], [0, 0, 13])
})

t.test('cip: a broken code rolls the file back and says where it is', async (t) => {
  await t.rejects(run('cip', 'broken_CIPCode2020.csv'), {
    name: 'ImportError',
    message: 'broken_CIPCode2020.csv, row 3, column "CIPCode", value "51.07x7": ' +
      'not a CIP code (NN, NN.NN or NN.NNNN)',
  })
  t.notOk(
    await db.selectFrom('field_of_study').select('code').where('code', '=', '51.0708').executeTakeFirst(),
    'the good row before it is not kept',
  )
})

t.test('cip-soc: the NCES layout, both sheets, numbers and no-match rows', async (t) => {
  const totals = await run('cip-soc', 'CIP2020_SOC2018_Crosswalk.xlsx')
  t.same([totals.inserted, totals.skipped], [5, 2],
    'five links; the no-match row and the SOC-CIP sheet\'s repeat skipped')
  t.same(await links('nces-cip-2020-soc-2018'), [
    '01.0000 11-9013', '01.0101 11-9013', '51.0706 11-9111', '51.0707 29-2072', '51.0707 29-9021',
  ])
  const again = await run('cip-soc', 'CIP2020_SOC2018_Crosswalk.xlsx')
  t.same([again.inserted, again.updated], [0, 0])
})

t.test('cip-soc: the California COE layout, a number cell for 01.0000, retired codes', async (t) => {
  const totals = await run('cip-soc', 'TOP-CIP-SOC Crosswalk_2025-02.xlsx')
  t.same([totals.inserted, totals.skipped], [4, 1], 'a code deleted without a 6-digit replacement is skipped')
  t.same(await links('california-coe-top-cip-soc'),
    ['01.0000 11-9013', '01.1004 11-9013', '51.0706 11-9111', '51.0707 29-2072'],
    'the moved code 01.0309 is linked under its 2020 code 01.1004')
  const source = await db.selectFrom('source')
    .selectAll()
    .where('slug', '=', 'california-coe-top-cip-soc')
    .executeTakeFirstOrThrow()
  t.same([source.dataset, source.reference_period], ['TOP-CIP-SOC crosswalk', '2025-02'])
  const again = await run('cip-soc', 'TOP-CIP-SOC Crosswalk_2025-02.xlsx')
  t.same([again.inserted, again.updated], [0, 0])
})

t.test('cip-soc: bad rows change nothing and are named', async (t) => {
  const before = await db.selectFrom('cip_soc').select('cip_code').execute()
  await t.rejects(run('cip-soc', 'broken_CIP2020_SOC2018_Crosswalk.csv'), {
    message: 'broken_CIP2020_SOC2018_Crosswalk.csv, row 3, column "SOC2018Code", value "29-207": ' +
      'not a SOC code (NN-NNNN)',
  })
  await t.rejects(run('cip-soc', 'unknown_CIP2020_SOC2018_Crosswalk.csv'), {
    message: 'unknown_CIP2020_SOC2018_Crosswalk.csv, row 3, column "CIP2020Code", value "51.0799": ' +
      'CIP code 51.0799 is not in the CIP 2020 list',
  })
  await t.rejects(run('cip-soc', 'CIPCode2020.csv'), /CIPCode2020\.csv: not a file this importer reads/)
  t.equal((await db.selectFrom('cip_soc').select('cip_code').execute()).length, before.length)
})
