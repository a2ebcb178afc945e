// The tables triggers derive for lists and search stay equal to what they derive from,
// whoever writes: career_list_key (each career's sort figures, migration 20261203T1000)
// and career_search_lexeme (each lexeme of the search documents with the number of
// documents holding it, 20261203T1100). Writes here are plain SQL and an import, as psql
// or an importer make them; the lists and search tests cover the same through the API.
import path from 'node:path'
import t from 'tap'
import { sql } from 'kysely'
import { importFile } from '../src/import/index.js'
import { refreshLatestFigures } from '../src/resources/career-figures/latest.js'
import { testDatabase } from './helpers/database.js'

const database = await testDatabase()
t.teardown(() => database.close())
const { db } = database

type Test = Pick<typeof t, 'same'>
interface Keys {
  career_id: number
  median_annual: number | null
  change_percent: number | null
  annual_openings: number | null
  employment: number | null
}

async function listKeysAgree (t: Test, when: string): Promise<Keys[]> {
  const stored = await db.selectFrom('career_list_key')
    .select(['career_id', 'median_annual', 'change_percent', 'annual_openings', 'employment'])
    .orderBy('career_id').execute()
  const derived = await db.selectFrom('career as c')
    .leftJoin('soc_latest_figures as f', 'f.soc_code', 'c.soc_code')
    .select(['c.id as career_id', 'f.median_annual', 'f.annual_openings', 'f.employment'])
    .select(sql<number | null>`f.change_percent::float8`.as('change_percent'))
    .orderBy('c.id').execute()
  t.same(stored, derived, `list keys, ${when}`)
  return stored
}

async function lexiconAgrees (t: Test, when: string): Promise<Map<string, number>> {
  const stored = await db.selectFrom('career_search_lexeme').select(['lexeme', 'documents'])
    .orderBy(sql`lexeme collate "C"`).execute()
  const derived = await sql<{ lexeme: string, documents: number }>`
    select l.lexeme, count(*)::integer as documents from career_search s, unnest(s.document) l
    group by l.lexeme order by l.lexeme collate "C"`.execute(db)
  t.same(stored, derived.rows, `lexicon, ${when}`)
  return new Map(stored.map((row) => [row.lexeme, row.documents]))
}

t.test('list keys follow careers and the latest figures', async (t) => {
  await importFile(db, 'oews', path.resolve('test/fixtures/oews/national_M2024_dl.xlsx'))
  const before = await listKeysAgree(t, 'after an import')
  t.ok(before.some((row) => row.median_annual !== null), 'the import gave careers their figures')

  const { id } = await db.insertInto('career')
    .values({ slug: 'derived-keys', title: 'Derived keys', soc_code: '29-2072' })
    .returning('id').executeTakeFirstOrThrow()
  const [inserted] = (await listKeysAgree(t, 'after an insert')).filter((row) => row.career_id === id)
  t.not(inserted?.median_annual ?? null, null, 'a new career of a code with figures has them')

  await db.updateTable('career').set({ soc_code: null }).where('id', '=', id).execute()
  const [moved] = (await listKeysAgree(t, 'after its code went')).filter((row) => row.career_id === id)
  t.equal(moved?.median_annual, null, 'without a code, no figures')

  await db.updateTable('career').set({ soc_code: '29-2072', title: 'Derived keys again' }).where('id', '=', id)
    .execute()
  await listKeysAgree(t, 'after its code came back')

  await db.transaction().execute(async (trx) => {
    await sql`truncate soc_latest_figures`.execute(trx)
    t.equal((await trx.selectFrom('career_list_key').select('career_id').where('median_annual', 'is not', null)
      .execute()).length, 0, 'a truncate of the figures clears every key')
    await refreshLatestFigures(trx)
  })
  await listKeysAgree(t, 'after a truncate and a refresh')

  await db.updateTable('soc_latest_figures').set({ median_annual: 1 }).where('soc_code', '=', '29-2072').execute()
  const [edited] = (await listKeysAgree(t, 'after an update of a figure')).filter((row) => row.career_id === id)
  t.equal(edited?.median_annual, 1)

  await db.deleteFrom('career').where('id', '=', id).execute()
  const after = await listKeysAgree(t, 'after a delete')
  t.notOk(after.some((row) => row.career_id === id), 'a deleted career has no key')
  await db.transaction().execute(refreshLatestFigures)
})

t.test('the lexicon follows the documents', async (t) => {
  await lexiconAgrees(t, 'as seeded')
  const { id } = await db.insertInto('career').values({ slug: 'derived-lexicon', title: 'Quixotic Zymurgist' })
    .returning('id').executeTakeFirstOrThrow()
  let lexicon = await lexiconAgrees(t, 'after a career')
  t.equal(lexicon.get('zymurgist'), 1, 'a new word, once')

  await db.insertInto('career_alternate_title').values([
    { career_id: id, title: 'Zymurgist of Ales' }, { career_id: id, title: 'Xylophonic Brewer' },
  ]).execute()
  lexicon = await lexiconAgrees(t, 'after alternate titles')
  t.equal(lexicon.get('zymurgist'), 1, 'counted per document, not per title')
  t.equal(lexicon.get('xylophon'), 1)

  await db.updateTable('career_alternate_title').set({ title: 'Brewer' }).where('title', '=', 'Xylophonic Brewer')
    .execute()
  lexicon = await lexiconAgrees(t, 'after an alternate title changed')
  t.notOk(lexicon.has('xylophon'), 'a word no document holds leaves')

  await db.deleteFrom('career').where('id', '=', id).execute()
  lexicon = await lexiconAgrees(t, 'after the career went')
  t.notOk(lexicon.has('zymurgist'))
})

t.test('a refresh of the latest figures writes only what changed', async (t) => {
  await importFile(db, 'oews', path.resolve('test/fixtures/oews/national_M2024_dl.xlsx'))
  // A row's xmin is the transaction that last wrote it.
  const written = async (table: 'soc_latest_figures' | 'career_list_key'): Promise<Map<string, string>> => {
    const key = table === 'soc_latest_figures' ? sql.ref('soc_code') : sql.ref('career_id')
    const rows = await sql<{ key: string, xmin: string }>`select ${key}::text as key, xmin::text as xmin
      from ${sql.table(table)}`.execute(db)
    return new Map(rows.rows.map((row) => [row.key, row.xmin]))
  }
  const changedRows = (before: Map<string, string>, after: Map<string, string>): string[] =>
    [...new Set([...before.keys(), ...after.keys()])].filter((key) => before.get(key) !== after.get(key)).sort()
  const careersOf = async (code: string): Promise<string[]> => (await db.selectFrom('career').select('id')
    .where('soc_code', '=', code).execute()).map((row) => String(row.id)).sort()

  const figures = await written('soc_latest_figures')
  const keys = await written('career_list_key')
  t.ok(figures.has('29-2072'), 'the fixture gives 29-2072 its figures')
  await db.transaction().execute(refreshLatestFigures)
  t.same(changedRows(figures, await written('soc_latest_figures')), [], 'unchanged figures: no row written')
  t.same(changedRows(keys, await written('career_list_key')), [], 'nor a list key')

  const national = db.updateTable('wage_estimate').where('soc_code', '=', '29-2072').where('area_code', '=', 'US')
    .where('industry_code', 'is', null)
  await national.set((eb) => ({ annual_median: eb('annual_median', '+', 1) })).execute()
  await db.transaction().execute(refreshLatestFigures)
  t.same(changedRows(figures, await written('soc_latest_figures')), ['29-2072'], 'a changed wage: its code alone')
  t.same(changedRows(keys, await written('career_list_key')), await careersOf('29-2072'),
    'and the list keys of its careers')
  await listKeysAgree(t, 'after a changed wage')

  // A code with wages and no projection loses its row with its wages.
  const wagesOnly = await db.selectFrom('soc_latest_figures').select('soc_code').where('base_year', 'is', null)
    .where('wage_period_year', 'is not', null).orderBy('soc_code').executeTakeFirstOrThrow()
  await db.deleteFrom('wage_estimate').where('soc_code', '=', wagesOnly.soc_code).execute()
  await db.transaction().execute(refreshLatestFigures)
  t.same(changedRows(figures, await written('soc_latest_figures')), ['29-2072', wagesOnly.soc_code].sort(),
    'a code that lost its figures: its row alone goes')
  t.notOk((await written('soc_latest_figures')).has(wagesOnly.soc_code))
  await listKeysAgree(t, 'after its wages went')

  // The fixture again restores both wages and refreshes.
  await importFile(db, 'oews', path.resolve('test/fixtures/oews/national_M2024_dl.xlsx'))
  t.same(changedRows(figures, await written('soc_latest_figures')).length, 2, 'both codes written again')
  await listKeysAgree(t, 'after the wages came back')
})
