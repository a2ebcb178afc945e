// Career search relevance (src/resources/careers/search.ts). On the seeded test database:
// every result's `match` (score descending, what matched, the alternate title only when one
// did) and the ranking rule's tiers on careers of made-up words, so no fixture decides them.
// Then, on the real official files in ../shared/data (or CAREER_FACTS_DATA), imported whole,
// the judged everyday queries of bench/search-queries.json: hit@1 at least 90 %, hit@3 98 %
// (passes with a note when the files are absent).
import { existsSync } from 'node:fs'
import path from 'node:path'
import t from 'tap'
import { describe, figures, judge, judgedQueries } from '../../../bench/search-judge.js'
import { importFolder } from '../../../src/import/all.js'
import { allPages } from '../../helpers/http.js'
import { setupApp } from '../../helpers/app.js'

const DATA = path.resolve(process.env.CAREER_FACTS_DATA ?? '../shared/data')
const real = existsSync(path.join(DATA, 'oews', 'national_M2024_dl.xlsx'))

t.setTimeout(1_800_000)
const { app, database } = await setupApp(t, { rateLimitMax: 1_000_000, cacheEnabled: false })
const db = database.db

interface Match { score: number, matched: 'title' | 'alternate-title' | 'text', alternateTitle: string | null }
interface Listed { id: number, slug: string, title: string, socCode: string | null, match: Match | null }

async function search (q: string, extra = ''): Promise<Listed[]> {
  const url = `/v1/careers?q=${encodeURIComponent(q)}&limit=100${extra}`
  const response = await app.inject({ url })
  t.equal(response.statusCode, 200, url)
  return response.json<{ data: Listed[] }>().data
}

const slugs = (rows: Listed[]): string[] => rows.map((row) => row.slug)

// Careers of made-up words, with the national employment that the ranking weighs.
const FIXTURES: Array<{ slug: string, title: string, soc: string, employment: number, alternates?: string[],
  summary?: string }> = [
  { slug: 'zorblaxers', title: 'Zorblaxers', soc: '99-0101', employment: 2_000,
    alternates: ['Zorblaxer', 'Master Zorblaxer'] },
  { slug: 'zorblaxer-helpers', title: 'Helpers--Zorblaxers', soc: '99-0102', employment: 90_000,
    alternates: ['Zorblaxer Helper'] },
  { slug: 'zorblaxer-supervisors', title: 'First-Line Supervisors of Zorblaxers', soc: '99-0103', employment: 80_000 },
  { slug: 'zorblaxers-all-other', title: 'Zorblaxers and Quenchers, All Other', soc: '99-0104', employment: 500_000 },
  { slug: 'zorblax-neighbours', title: 'Plain Neighbours', soc: '99-0105', employment: 3_000_000,
    summary: 'Plain neighbours work beside zorblaxers every day.' },
  { slug: 'registered-quintals', title: 'Registered Quintals', soc: '99-0106', employment: 3_000_000 },
  { slug: 'quintal-midwives', title: 'Quintal Midwives', soc: '99-0107', employment: 8_000 },
  { slug: 'vexillary-assistants', title: 'Vexillary Assistants', soc: '99-0108', employment: 50_000,
    alternates: ['Vexillary Assistant (VXA)'] },
  { slug: 'vexillary-managers', title: 'Vexillary Managers', soc: '99-0109', employment: 500_000,
    alternates: ['VXA Coordinator'] },
  { slug: 'trundle-cooks', title: 'Trundle Cooks, Night Shift', soc: '99-0110', employment: 10_000 },
  { slug: 'trundle-cook-aides', title: 'Trundle Cook Aides', soc: '99-0111', employment: 900_000 },
  // "plonz" is as near "plonq" as "plonx": the word of more careers wins, not of more alternate titles.
  { slug: 'plonq-fitters', title: 'Plonq Fitters', soc: '99-0112', employment: 1_000,
    alternates: ['Plonq Fitter', 'Senior Plonq Fitter', 'Plonq Setter'] },
  { slug: 'plonx-fitters', title: 'Plonx Fitters', soc: '99-0113', employment: 1_000 },
  { slug: 'plonx-setters', title: 'Plonx Setters', soc: '99-0114', employment: 1_000 },
]

t.before(async () => {
  for (const fixture of FIXTURES) {
    const { id } = await db.insertInto('career')
      .values({ slug: fixture.slug, title: fixture.title, soc_code: fixture.soc, summary: fixture.summary ?? null })
      .returning('id').executeTakeFirstOrThrow()
    if (fixture.alternates !== undefined) {
      await db.insertInto('career_alternate_title')
        .values(fixture.alternates.map((title) => ({ career_id: id, title }))).execute()
    }
    await db.insertInto('soc_latest_figures').values({
      soc_code: fixture.soc, employment: fixture.employment, median_annual: null, median_top_coded: false,
      wage_period_year: null, wage_period_month: null, wage_published_as: null, change_percent: null,
      annual_openings: null, base_year: null, target_year: null, descriptor: null, growth_published_as: null,
    }).execute()
  }
})

t.test('every result carries its match: score descending, what matched, the alternate title only for one',
  async (t) => {
    for (const q of ['medical records', 'medical', 'health', 'records', 'medcal recrds', 'administrator',
      'technician', 'zorblaxer', 'quintal', 'vxa', 'vexillary', 'trundle cook']) {
      const rows = await search(q)
      const problems: string[] = []
      for (const [i, row] of rows.entries()) {
        const match = row.match
        const before = rows[i - 1]
        if (match === null || typeof match.score !== 'number') {
          problems.push(`${row.slug}: no score`)
          continue
        }
        if (before?.match != null && !(before.match.score > match.score ||
          (before.match.score === match.score && before.id < row.id))) {
          problems.push(`${row.slug} (${match.score}) after ${before.slug} (${before.match.score})`)
        }
        if (!['title', 'alternate-title', 'text'].includes(match.matched)) {
          problems.push(`${row.slug}: ${match.matched}`)
        }
        if (match.matched === 'alternate-title') {
          const profile = (await app.inject({ url: `/v1/careers/${row.slug}` })).json<{ alternateTitles: string[] }>()
          if (!profile.alternateTitles.includes(match.alternateTitle ?? '')) {
            problems.push(`${row.slug}: "${match.alternateTitle}" is none of its alternate titles`)
          }
        } else if (match.alternateTitle !== null) {
          problems.push(`${row.slug}: an alternate title though ${match.matched} matched`)
        }
      }
      t.ok(rows.length > 0, `${q}: ${rows.length} results`)
      t.same(problems, [], `${q}: scores descend (ties by id); matched is title, alternate-title (with one of ` +
        'its alternate titles) or text')
    }
  })

t.test('what the other tests hold search to still holds', async (t) => {
  const records = slugs(await search('medcal recrds'))
  t.ok(records.includes('health-information-technician') && records.includes('health-information-manager'),
    'a misspelt query finds both medical records careers')
  t.same(slugs(await search('transcription')), ['medical-transcriptionist'], 'other word forms')
  t.equal(slugs(await search('database administrator'))[0], 'database-administrator', 'the title first')
  t.same(await search('zorblaxer quintal'), [], 'every word must match')
  t.same(await search('the of'), [], 'stop words alone match nothing')
})

t.test('a title that names q exactly comes first; helpers, supervisors and catch-alls after it', async (t) => {
  const rows = await search('zorblaxer')
  t.equal(rows[0]?.slug, 'zorblaxers', 'Zorblaxers, though the fewest are employed')
  t.match(rows[0]?.match, { matched: 'title', alternateTitle: null })
  const ranked = slugs(rows)
  for (const slug of ['zorblaxer-helpers', 'zorblaxer-supervisors', 'zorblaxers-all-other']) {
    t.ok(ranked.indexOf(slug) > 0, `${slug} after Zorblaxers`)
  }
  t.equal(ranked.at(-1), 'zorblax-neighbours', 'a career whose summary alone holds q comes last')
  t.match(rows.at(-1)?.match, { matched: 'text', alternateTitle: null })
  t.ok((rows[0]?.match?.score ?? 0) >= 3, 'the exact title tier')
})

t.test('among careers that hold q alike, the larger occupation comes first', async (t) => {
  t.same(slugs(await search('quintal')), ['registered-quintals', 'quintal-midwives'])
})

t.test('an abbreviation in an alternate title names its career', async (t) => {
  const rows = await search('VXA')
  t.same(slugs(rows), ['vexillary-assistants', 'vexillary-managers'], 'named exactly, before a title that holds it')
  t.match(rows[0]?.match, { matched: 'alternate-title', alternateTitle: 'Vexillary Assistant (VXA)' })
  t.match(rows[1]?.match, { matched: 'alternate-title', alternateTitle: 'VXA Coordinator' })
})

t.test('a role q does not name counts one tier less; a qualified name still names it', async (t) => {
  const cooks = await search('trundle cook')
  t.same(slugs(cooks), ['trundle-cooks', 'trundle-cook-aides'], 'the cooks before their aides, 90 times as many')
  const aides = await search('trundle cook aide')
  t.same(slugs(aides), ['trundle-cook-aides'], 'the aides when q names them')
  t.equal(aides[0]?.match?.matched, 'title')
  t.ok((aides[0]?.match?.score ?? 0) >= 3, 'named exactly')
})

t.test('a misspelt word reads as the title word nearest in spelling', async (t) => {
  t.equal(slugs(await search('zorblaxr'))[0], 'zorblaxers', 'a missing letter')
  t.equal(slugs(await search('zorbalxer'))[0], 'zorblaxers', 'two letters swapped')
  t.equal(slugs(await search('quintel'))[0], 'registered-quintals', 'a wrong letter')
  t.same(slugs(await search('plonz')).sort(), ['plonx-fitters', 'plonx-setters'],
    'of two words equally near, the one more careers hold')
})

t.test('pages of a search join without gaps or repeats', async (t) => {
  for (const q of ['zorblaxer', 'medical']) {
    const whole = await search(q)
    const { items } = await allPages<Listed>(t, app, `/v1/careers?q=${q}&limit=2`)
    t.same(items.map((row) => row.slug), slugs(whole), `${q}: pages join to the whole list`)
  }
})

t.test('the judged everyday queries, on the real official data', {
  skip: real ? false : `no official data files in ${DATA}`,
}, async (t) => {
  const started = performance.now()
  await importFolder(db, DATA)
  t.comment(`imported ${DATA} in ${((performance.now() - started) / 1000).toFixed(1)} s`)
  const judged = await judge(app, judgedQueries())
  const result = figures(judged)
  t.comment(`career search relevance: ${describe(result)} (in-process, ${database.driver})`)
  const misses = judged.filter((row) => row.rank !== 1)
  if (misses.length > 0) {
    t.comment(`not first: ${misses.map((row) => `${row.q} (${row.rank ?? '>100'}: ` +
      `${row.top[0]?.socCode ?? '-'} ${row.top[0]?.title ?? ''})`).join(', ')}`)
  }
  t.ok(result.hit1 >= 0.9, `hit@1 ${(result.hit1 * 100).toFixed(1)}% ≥ 90%`)
  t.ok(result.hit3 >= 0.98, `hit@3 ${(result.hit3 * 100).toFixed(1)}% ≥ 98%`)
  // The issue's examples, by name.
  for (const [q, soc] of [['nurse', '29-1141'], ['teacher', '25-2021'], ['electrician', '47-2111'],
    ['physical therapist', '29-1123'], ['mechanic', '49-3023'], ['data scientist', '15-2051']] as const) {
    t.equal(judged.find((row) => row.q === q)?.top[0]?.socCode, soc, `${q}: ${soc} first`)
  }
})
