// `import all <folder>`: which files a folder tree holds, in what order they are imported
// and which are skipped and why (test/fixtures, a tree of odd files, ../shared/data when
// present); a folder imported in that order, a second run changing nothing, a bad file
// stopping the run; and the CLI's `import all` and `import <kind> <folder>`.
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import t from 'tap'
import { sql } from 'kysely'
import { importFolder, planFolder, type FolderPlan } from '../src/import/all.js'
import type { ImportOptions } from '../src/import/index.js'
import { parseImportArgs, runImport } from '../src/cli/import.js'
import { UsageError } from '../src/cli/usage.js'
import { testDatabase } from './helpers/database.js'

const FIXTURES = path.resolve('test/fixtures')
const SHARED = path.resolve('../shared/data')

const database = await testDatabase()
t.teardown(() => database.close())
const db = database.db

const scratch = await mkdtemp(path.join(os.tmpdir(), 'career-facts-import-all-'))
t.teardown(() => rm(scratch, { recursive: true, force: true }))

/** The plan with paths relative to the folder, so it can be compared whole. */
function relativePlan (folder: string, plan: FolderPlan) {
  return {
    imports: plan.imports.map((p) => [path.relative(folder, p.file), p.kind, p.options] as const),
    skipped: plan.skipped.map((s) => [path.relative(folder, s.file), s.reason] as const),
  }
}

/** A folder under the scratch one, with the given files: a fixture's path to copy, or text to write. */
async function tree (name: string, files: Record<string, { fixture: string } | string>): Promise<string> {
  const root = path.join(scratch, name)
  for (const [file, content] of Object.entries(files)) {
    const target = path.join(root, file)
    await mkdir(path.dirname(target), { recursive: true })
    if (typeof content === 'string') await writeFile(target, content)
    else await copyFile(path.join(FIXTURES, content.fixture), target)
  }
  return root
}

function capture (): { out: NodeJS.WritableStream, text: () => string } {
  let printed = ''
  const out = { write: (text: string) => { printed += text; return true } } as unknown as NodeJS.WritableStream
  return { out, text: () => printed }
}

const ONET = ['Occupation Data.txt', 'Task Statements.txt', 'Alternate Titles.txt', 'Sample of Reported Titles.txt',
  'Related Occupations.txt', 'Job Zones.txt', 'Education, Training, and Experience Categories.txt',
  'Education, Training, and Experience.txt', 'Technology Skills.txt', 'Interests.txt', 'Work Styles.txt']
const UNKNOWN = 'not an official file this project knows'

t.test('planFolder over test/fixtures: every file by kind, in dependency order', async (t) => {
  const plan = await planFolder(FIXTURES)
  t.ok(plan.imports.every((p) => path.isAbsolute(p.file) && p.file.startsWith(FIXTURES)),
    'paths under the folder as given, ready for importFile')
  t.same(relativePlan(FIXTURES, plan), {
    imports: [
      ['soc/soc_structure_2018.xlsx', 'soc', {}],
      ['soc/broken_soc_2018_definitions.xlsx', 'soc', {}],
      ['soc/soc_2018_definitions.xlsx', 'soc', {}],
      ['soc/soc_2018_direct_match_title_file.xlsx', 'soc', {}],
      ['soc/soc_2010_to_2018_crosswalk.xlsx', 'soc', {}],
      ['ep/broken-nem-onet-to-soc-crosswalk.xlsx', 'soc', {}],
      ['ep/nem-onet-to-soc-crosswalk.xlsx', 'soc', {}],
      ['oews/broken_M2024_dl.csv', 'oews', {}],
      ['oews/nat4d_M2024_dl.csv', 'oews', {}],
      ['oews/national_M2024_dl.xlsx', 'oews', {}],
      ['oews/state_M2024_dl.csv', 'oews', {}],
      ['oews/national_M2015_dl.xlsx', 'oews', {}],
      ['ep/broken-occupation.xlsx', 'projections', {}],
      ['ep/occupation.xlsx', 'projections', {}],
      ...ONET.map((file) => [`onet_29_2/${file}`, 'onet', {}] as const),
      ['onet_29_2_broken/Job Zones.txt', 'onet', {}],
      ['cip_soc/CIPCode2020.csv', 'cip', {}],
      ['cip_soc/broken_CIPCode2020.csv', 'cip', {}],
      ['cip_soc/CIP2020_SOC2018_Crosswalk.xlsx', 'cip-soc', {}],
      ['cip_soc/TOP-CIP-SOC Crosswalk_2025-02.xlsx', 'cip-soc', {}],
      ['cip_soc/broken_CIP2020_SOC2018_Crosswalk.csv', 'cip-soc', {}],
      ['cip_soc/unknown_CIP2020_SOC2018_Crosswalk.csv', 'cip-soc', {}],
      ['credentials/broken-credentials.csv', 'credentials', {}],
      ['credentials/credentials.csv', 'credentials', {}],
      ['credentials/credentials.json', 'credentials', {}],
    ],
    skipped: [['build.ts', UNKNOWN]],
  })
  t.same(await planFolder(FIXTURES), plan, 'the same plan every time')

  const options: ImportOptions = { release: '29.2', period: { year: 2023, month: 5 }, socVersion: 2018 }
  const given = relativePlan(FIXTURES, await planFolder(FIXTURES, options))
  const optionsOf = (file: string) => given.imports.find(([name]) => name === file)?.[2]
  t.same(optionsOf('onet_29_2/Job Zones.txt'), { release: '29.2' }, 'the release reaches O*NET files')
  t.same(optionsOf('oews/national_M2015_dl.xlsx'), { socVersion: 2018 },
    'a period the name gives is kept: the one given is not passed')
  t.same(optionsOf('ep/occupation.xlsx'), { socVersion: 2018 })
  t.same(optionsOf('soc/soc_2018_definitions.xlsx'), {})
})

t.test('planFolder tells files by name or header line, and says why it skips the rest', async (t) => {
  const onetHeader = 'O*NET-SOC Code\tElement ID\tElement Name\tScale ID\tData Value\n' +
    '29-2072.00\t1.B.1.a\tRealistic\tOI\t2\n'
  const root = await tree('odd', {
    'README.md': '# notes\n',
    'downloads/oesm24nat.zip': '',
    'downloads/national_M2012_dl.xls': '',
    'oews/nat4d_own_M2024_dl.xlsx': '',
    'oews/all_data_M_2024.xlsx': '',
    'oews/wages-2024.csv': { fixture: 'oews/state_M2024_dl.csv' },
    'exports/definitions.csv': 'SOC Group,SOC Code,SOC Title,SOC Definition\nDetailed,29-2072,"Medical Records ' +
      'Specialists","Compile, process."\n',
    'exports/programs.csv': { fixture: 'cip_soc/CIPCode2020.csv' },
    'exports/links.csv': { fixture: 'cip_soc/unknown_CIP2020_SOC2018_Crosswalk.csv' },
    'exports/people.csv': 'name,email\nAda,ada@example.org\n',
    'exports/editorial.json': '{\n  "credentials": []\n}\n',
    'exports/notes.json': '{ "notes": [] }\n',
    'db_29_2_text/Occupation Data.txt': { fixture: 'onet_29_2/Occupation Data.txt' },
    'db_29_2_text/Skills.txt': onetHeader,
    'db_29_2_text/Job Zone Reference.txt': 'Job Zone\tName\tExperience\n1\tLittle or No Preparation Needed\tNone\n',
    'db_29_2_text/Read Me.txt': 'O*NET 29.2 Database\n',
    'db_29_2_excel/Occupation Data.xlsx': '',
    'loose/Content Model Reference.txt': 'Element ID\tElement Name\tDescription\n1\tWorker Characteristics\tx\n',
    'loose/notes.txt': 'hello\n',
    '.git/config': '[core]\n',
    '.DS_Store': '',
  })
  const plan = relativePlan(root, await planFolder(root))
  t.same(plan.imports, [
    ['exports/definitions.csv', 'soc', {}],
    ['db_29_2_text/Occupation Data.txt', 'onet', {}],
    ['exports/programs.csv', 'cip', {}],
    ['exports/links.csv', 'cip-soc', {}],
    ['exports/editorial.json', 'credentials', {}],
  ], 'CSV and JSON files by their header, O*NET tables by name')
  t.same(plan.skipped, [
    ['README.md', 'a read-me, not a data file'],
    ['db_29_2_excel/Occupation Data.xlsx', 'O*NET\'s Excel release: import the text release (db_29_2_text) instead'],
    ['db_29_2_text/Job Zone Reference.txt', 'no importer reads O*NET\'s Job Zone Reference table'],
    ['db_29_2_text/Read Me.txt', 'O*NET\'s read-me (release notes and license): no data to import'],
    ['db_29_2_text/Skills.txt', 'no importer reads O*NET\'s Skills table'],
    ['downloads/national_M2012_dl.xls', 'an old-format Excel workbook (.xls): the importers read .xlsx and CSV'],
    ['downloads/oesm24nat.zip', 'an archive: unpack it first'],
    ['exports/notes.json', UNKNOWN],
    ['exports/people.csv', UNKNOWN],
    ['loose/Content Model Reference.txt', 'no importer reads O*NET\'s Content Model Reference table'],
    ['loose/notes.txt', UNKNOWN],
    ['oews/all_data_M_2024.xlsx',
      'OEWS\'s all-data file: import the national, state, metro and industry files it gathers'],
    ['oews/nat4d_own_M2024_dl.xlsx',
      'OEWS estimates by ownership: the importer keeps one per occupation, area and industry'],
    ['oews/wages-2024.csv', 'an OEWS table whose name gives no period (like M2024): import it with --period YYYY-MM'],
  ], 'hidden files and folders are not looked at')

  const withPeriod = relativePlan(root, await planFolder(root, { period: { year: 2024, month: 5 } }))
  t.same(withPeriod.imports.find(([file]) => file === 'oews/wages-2024.csv'),
    ['oews/wages-2024.csv', 'oews', { period: { year: 2024, month: 5 } }],
    'an OEWS export without a period in its name takes the one given')
})

t.test('planFolder: OEWS newest period first, O*NET by release, then folder, then table', async (t) => {
  const root = await tree('order', {
    'b/national_M2015_dl.xlsx': '',
    'a/state_M2023_dl.csv': { fixture: 'oews/state_M2024_dl.csv' },
    'a/MSA_M2024_dl.xlsx': '',
    'c/BOS_M2024_dl.xlsx': '',
    'onet_29_1/Occupation Data.txt': { fixture: 'onet_29_2/Occupation Data.txt' },
    'onet_29_2/Job Zones.txt': { fixture: 'onet_29_2/Job Zones.txt' },
    'onet_29_2/Occupation Data.txt': { fixture: 'onet_29_2/Occupation Data.txt' },
    'onet_29_1/Job Zones.txt': { fixture: 'onet_29_2/Job Zones.txt' },
  })
  t.same(relativePlan(root, await planFolder(root)).imports.map(([file]) => file), [
    'a/MSA_M2024_dl.xlsx', 'c/BOS_M2024_dl.xlsx', 'a/state_M2023_dl.csv', 'b/national_M2015_dl.xlsx',
    'onet_29_1/Occupation Data.txt', 'onet_29_1/Job Zones.txt', 'onet_29_2/Occupation Data.txt',
    'onet_29_2/Job Zones.txt',
  ], 'the newest release last, so that its text is the one kept')
})

t.test('planFolder fails clearly on a missing, empty or unnamed folder', async (t) => {
  await t.rejects(planFolder(path.join(scratch, 'nowhere')), {
    name: 'ImportError', message: `${path.join(scratch, 'nowhere')}: no such folder`,
  })
  await t.rejects(planFolder(path.join(FIXTURES, 'build.ts')),
    { name: 'ImportError', message: /build\.ts: not a folder$/ })
  const empty = path.join(scratch, 'empty')
  await mkdir(path.join(empty, 'sub'), { recursive: true })
  await writeFile(path.join(empty, '.hidden'), '')
  await t.rejects(planFolder(empty), { name: 'ImportError', message: `${empty}: the folder holds no files` })

  const unnamed = await tree('unnamed', { 'onet/Job Zones.txt': { fixture: 'onet_29_2/Job Zones.txt' } })
  await t.rejects(planFolder(unnamed), {
    name: 'ImportError',
    message: 'Job Zones.txt: the folder name gives no O*NET release (like 29_2); pass --release 29.2',
  }, 'before anything is imported')
  t.same(relativePlan(unnamed, await planFolder(unnamed, { release: '29.2' })).imports,
    [['onet/Job Zones.txt', 'onet', { release: '29.2' }]])

  const nothing = await tree('nothing', { 'README.md': '', 'notes.txt': 'x\n' })
  t.same(relativePlan(nothing, await planFolder(nothing)), {
    imports: [], skipped: [['README.md', 'a read-me, not a data file'], ['notes.txt', UNKNOWN]],
  })
  await t.rejects(importFolder(db, nothing), {
    name: 'ImportError',
    message: `${nothing}: the folder holds no file this project imports (skipped: README.md, notes.txt)`,
  })
})

t.test('planFolder over ../shared/data: every real file planned by kind or skipped with a reason', async (t) => {
  if (!existsSync(SHARED)) {
    t.pass(`skipped: ${SHARED} is not here`)
    return
  }
  const started = performance.now()
  const plan = await planFolder(SHARED)
  t.comment(`planned ${SHARED} in ${Math.round(performance.now() - started)} ms`)
  const onetSkipped = ['Content Model Reference', 'Job Zone Reference', 'Scales Reference']
  t.same(relativePlan(SHARED, plan), {
    imports: [
      ['soc/soc_structure_2018.xlsx', 'soc', {}],
      ['soc/soc_2018_definitions.xlsx', 'soc', {}],
      ['soc/soc_2018_direct_match_title_file.xlsx', 'soc', {}],
      ['soc/soc_2010_to_2018_crosswalk.xlsx', 'soc', {}],
      ['ep/nem-onet-to-soc-crosswalk.xlsx', 'soc', {}],
      ['oews/national_M2024_dl.xlsx', 'oews', {}],
      ['oews/national_M2023_dl.xlsx', 'oews', {}],
      ['oews/national_M2015_dl.xlsx', 'oews', {}],
      ['ep/occupation.xlsx', 'projections', {}],
      ...ONET.map((file) => [`onet_29_2/${file}`, 'onet', {}] as const),
      ['cip_soc/CIPCode2020.csv', 'cip', {}],
      ['cip_soc/TOP-CIP-SOC Crosswalk_2025-02.xlsx', 'cip-soc', {}],
    ],
    skipped: [
      ['README.md', 'a read-me, not a data file'],
      ...onetSkipped.map((table) => [`onet_29_2/${table}.txt`, `no importer reads O*NET's ${table} table`] as const),
    ],
  })
})

// On one database, in this order: the bad run first, so that what it left out can be seen.
const folder = await tree('full', {
  'README.md': '# the official files\n',
  'soc/soc_structure_2018.xlsx': { fixture: 'soc/soc_structure_2018.xlsx' },
  'soc/soc_2018_definitions.xlsx': { fixture: 'soc/soc_2018_definitions.xlsx' },
  'soc/soc_2018_direct_match_title_file.xlsx': { fixture: 'soc/soc_2018_direct_match_title_file.xlsx' },
  'soc/soc_2010_to_2018_crosswalk.xlsx': { fixture: 'soc/soc_2010_to_2018_crosswalk.xlsx' },
  'ep/nem-onet-to-soc-crosswalk.xlsx': { fixture: 'ep/nem-onet-to-soc-crosswalk.xlsx' },
  'ep/occupation.xlsx': { fixture: 'ep/occupation.xlsx' },
  'oews/national_M2015_dl.xlsx': { fixture: 'oews/national_M2015_dl.xlsx' },
  'oews/national_M2024_dl.xlsx': { fixture: 'oews/national_M2024_dl.xlsx' },
  'oews/state_M2024_dl.csv': { fixture: 'oews/state_M2024_dl.csv' },
  'oews/nat4d_M2024_dl.csv': { fixture: 'oews/nat4d_M2024_dl.csv' },
  ...Object.fromEntries(ONET.map((file) => [`onet_29_2/${file}`, { fixture: `onet_29_2/${file}` }])),
  'onet_29_2/Skills.txt': 'O*NET-SOC Code\tElement ID\tElement Name\tScale ID\tData Value\n',
  'cip_soc/CIPCode2020.csv': { fixture: 'cip_soc/CIPCode2020.csv' },
  'cip_soc/CIP2020_SOC2018_Crosswalk.xlsx': { fixture: 'cip_soc/CIP2020_SOC2018_Crosswalk.xlsx' },
  'cip_soc/TOP-CIP-SOC Crosswalk_2025-02.xlsx': { fixture: 'cip_soc/TOP-CIP-SOC Crosswalk_2025-02.xlsx' },
  'credentials/credentials.csv': { fixture: 'credentials/credentials.csv' },
  'credentials/credentials.json': { fixture: 'credentials/credentials.json' },
})

t.test('importFolder: a bad file stops the run; the files before it stay imported', async (t) => {
  const bad = await tree('bad', {
    'soc/soc_2010_to_2018_crosswalk.xlsx': { fixture: 'soc/soc_2010_to_2018_crosswalk.xlsx' },
    'oews/broken_M2024_dl.csv': { fixture: 'oews/broken_M2024_dl.csv' },
    'cip_soc/CIPCode2020.csv': { fixture: 'cip_soc/CIPCode2020.csv' },
  })
  const crosswalkSource = () => db.selectFrom('source').select('id').where('slug', '=', 'soc-2018-crosswalk')
    .executeTakeFirst()
  t.notOk(await crosswalkSource(), 'the seed has no SOC crosswalk source')
  const wagesBefore = await db.selectFrom('wage_estimate').select('id').execute()
  await t.rejects(importFolder(db, bad), {
    name: 'ImportError',
    message: 'oews/broken_M2024_dl.csv, row 3, column "A_MEAN", value "12x": ' +
      'expected a number or one of the footnote markers *, **, #, ~',
  }, 'the error names the file by its path in the folder')
  t.ok(await crosswalkSource(), 'the crosswalk, planned before it, is imported')
  const split = await db.selectFrom('soc_crosswalk').select('soc2018').where('soc2010', '=', '29-2071')
    .orderBy('soc2018').execute()
  t.same(split.map((r) => r.soc2018), ['29-2072', '29-9021'])
  t.equal((await db.selectFrom('wage_estimate').select('id').execute()).length, wagesBefore.length,
    'nothing of the bad file is kept')
  t.notOk(await db.selectFrom('field_of_study').select('code').where('code', '=', '01.0000').executeTakeFirst(),
    'the CIP list, planned after it, is not imported')
})

t.test('importFolder: the whole tree in dependency order, and a second run changes nothing', async (t) => {
  const started: string[] = []
  const first = await importFolder(db, folder, {}, (file) => {
    started.push(path.relative(folder, file))
    return { tick: () => undefined, done: () => undefined }
  })
  const expected = [
    'soc/soc_structure_2018.xlsx', 'soc/soc_2018_definitions.xlsx', 'soc/soc_2018_direct_match_title_file.xlsx',
    'soc/soc_2010_to_2018_crosswalk.xlsx', 'ep/nem-onet-to-soc-crosswalk.xlsx',
    'oews/nat4d_M2024_dl.csv', 'oews/national_M2024_dl.xlsx', 'oews/state_M2024_dl.csv', 'oews/national_M2015_dl.xlsx',
    'ep/occupation.xlsx', ...ONET.map((file) => `onet_29_2/${file}`),
    'cip_soc/CIPCode2020.csv', 'cip_soc/CIP2020_SOC2018_Crosswalk.xlsx', 'cip_soc/TOP-CIP-SOC Crosswalk_2025-02.xlsx',
    'credentials/credentials.csv', 'credentials/credentials.json',
  ]
  t.same(started, expected, 'a progress line for each file, in the planned order')
  t.same(first.summaries.map((s) => s.file), expected.map((file) => path.basename(file)))
  t.same(first.skipped.map((s) => [path.relative(folder, s.file), s.reason]), [
    ['README.md', 'a read-me, not a data file'],
    ['onet_29_2/Skills.txt', 'no importer reads O*NET\'s Skills table'],
  ])

  // What only the order makes possible: education shares need the categories, the CIP–SOC
  // links the CIP list, the credentials' links the careers SOC made.
  const registrar = await db.selectFrom('career').select(['id', 'job_zone']).where('soc_code', '=', '29-9021')
    .executeTakeFirstOrThrow()
  t.equal(registrar.job_zone, 3)
  const shares = await db.selectFrom('career_education_share').select(['category', 'percent'])
    .where('career_id', '=', registrar.id).orderBy('category').execute()
  t.same(shares.map((s) => [s.category, s.percent]), [[3, 20], [5, 55.5], [6, 24.5]])
  const links = await db.selectFrom('cip_soc').innerJoin('source', 'source.id', 'cip_soc.source_id')
    .select('source.slug').distinct().orderBy('source.slug').execute()
  t.same(links.map((l) => l.slug), ['california-coe-top-cip-soc', 'nces-cip-2020-soc-2018'])
  const cpc = await db.selectFrom('career_credential as cc').innerJoin('credential as c', 'c.id', 'cc.credential_id')
    .innerJoin('career as k', 'k.id', 'cc.career_id').select('k.soc_code').where('c.abbreviation', '=', 'CPC')
    .executeTakeFirstOrThrow()
  t.equal(cpc.soc_code, '29-2072')
  const periods = await db.selectFrom('wage_estimate').select('period_year').distinct().orderBy('period_year').execute()
  t.same(periods.map((p) => p.period_year), [2015, 2024])
  t.ok(first.summaries.every((s) => s.rowsRead > 0), 'every file was read')
  // The run ends with VACUUM (ANALYZE): the search documents, written again as alternate
  // titles arrived, keep no dead versions, so every page of the table is all-visible.
  const searchPages = await sql<{ relpages: number, relallvisible: number }>`select relpages, relallvisible
    from pg_class where relname = 'career_search'`.execute(db)
  const [pages] = searchPages.rows
  t.ok(pages !== undefined && pages.relpages > 0, 'the documents fill pages')
  t.equal(pages?.relallvisible, pages?.relpages, 'all of them visible to every transaction: vacuumed')

  const second = await importFolder(db, folder)
  t.same(second.summaries.map((s) => [s.file, s.totals.inserted, s.totals.updated]),
    expected.map((file) => [path.basename(file), 0, 0]), 'a second run changes nothing')
})

t.test('the CLI: import all <folder> and import <kind> <folder>', async (t) => {
  t.throws(() => parseImportArgs(['all']), UsageError)
  t.throws(() => parseImportArgs(['all']), { message: 'import all needs one folder' })
  t.throws(() => parseImportArgs(['all', 'a', 'b']), { name: 'UsageError', message: 'import all needs one folder' })
  t.throws(() => parseImportArgs(['all', 'data', '--soc-version', '2018']), {
    name: 'UsageError', message: 'bad option --soc-version 2018: import all settles the SOC version file by file',
  })
  t.throws(() => parseImportArgs(['all', 'data', '--period', 'May']), { name: 'UsageError', message: /bad option/ })
  t.throws(() => parseImportArgs(['everything', 'data']), {
    name: 'UsageError', message: /^import needs a kind: all, soc, oews, projections, onet/,
  })
  t.same(parseImportArgs(['all', 'data', '--release', '29.2', '--period', '2024-05']),
    { kind: 'all', files: ['data'], options: { release: '29.2', period: { year: 2024, month: 5 } } })
  t.same(parseImportArgs(['onet', 'data/db_29_2_text']), { kind: 'onet', files: ['data/db_29_2_text'], options: {} })

  const small = await tree('cli', {
    'README.md': '',
    'cip/CIPCode2020.csv': { fixture: 'cip_soc/CIPCode2020.csv' },
    'credentials.csv': { fixture: 'credentials/credentials.csv' },
  })
  const all = capture()
  await runImport(db, parseImportArgs(['all', small]), all.out)
  t.match(all.text(), new RegExp('^CIPCode2020\\.csv \\(cip\\): \\d+ rows read; 0 inserted, 0 updated, [^]*\n' +
    'credentials\\.csv \\(credentials\\): 2 rows read; 0 inserted, 0 updated, [^]*\n' +
    `skipped: ${small}/README\\.md: a read-me, not a data file\n$`), 'each summary, then the skipped list')

  const onet = capture()
  await runImport(db, parseImportArgs(['onet', folder]), onet.out)
  const headers = [...onet.text().matchAll(/^(\S[^\n]*?) \((\S+)\): /gm)].map((m) => `${m[1]} (${m[2]})`)
  t.same(headers, ONET.map((file) => `${file} (onet)`), 'only the O*NET files, in order')
  const skipped = onet.text().split('\n').filter((line) => line.startsWith('skipped: '))
    .map((line) => line.slice(`skipped: ${folder}/`.length))
  t.same(skipped, [
    'README.md: a read-me, not a data file',
    'cip_soc/CIP2020_SOC2018_Crosswalk.xlsx: a cip-soc file, not onet',
    'cip_soc/CIPCode2020.csv: a cip file, not onet',
    'cip_soc/TOP-CIP-SOC Crosswalk_2025-02.xlsx: a cip-soc file, not onet',
    'credentials/credentials.csv: a credentials file, not onet',
    'credentials/credentials.json: a credentials file, not onet',
    'ep/nem-onet-to-soc-crosswalk.xlsx: a soc file, not onet',
    'ep/occupation.xlsx: a projections file, not onet',
    'oews/nat4d_M2024_dl.csv: an oews file, not onet',
    'oews/national_M2015_dl.xlsx: an oews file, not onet',
    'oews/national_M2024_dl.xlsx: an oews file, not onet',
    'oews/state_M2024_dl.csv: an oews file, not onet',
    'onet_29_2/Skills.txt: no importer reads O*NET\'s Skills table',
    'soc/soc_2010_to_2018_crosswalk.xlsx: a soc file, not onet',
    'soc/soc_2018_definitions.xlsx: a soc file, not onet',
    'soc/soc_2018_direct_match_title_file.xlsx: a soc file, not onet',
    'soc/soc_structure_2018.xlsx: a soc file, not onet',
  ])

  const release = capture()
  await runImport(db, parseImportArgs(['onet', path.join(folder, 'onet_29_2'), '--release', '29.2']), release.out)
  t.match(release.text(), /^Occupation Data\.txt \(onet\): /)
  t.match(release.text(), /\nskipped: [^\n]*onet_29_2\/Skills\.txt: no importer reads O\*NET's Skills table\n$/)

  const none = capture()
  await t.rejects(runImport(db, parseImportArgs(['oews', path.join(folder, 'onet_29_2')]), none.out), {
    name: 'ImportError', message: `${path.join(folder, 'onet_29_2')}: the folder holds no oews file`,
  })
  t.match(none.text(), /skipped: [^\n]*Occupation Data\.txt: an onet file, not oews\n/, 'and says what it holds')
  await t.rejects(runImport(db, parseImportArgs(['all', path.join(scratch, 'nowhere')]), none.out),
    { name: 'ImportError', message: /nowhere: no such folder$/ })
})
