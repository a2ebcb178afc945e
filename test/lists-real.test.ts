// The lists partners publish, on the real official files in ../shared/data (or
// CAREER_FACTS_DATA), each one call whose answer matches the official files: the fastest
// growing occupations (EP Table 1.3), the highest paid (the OEWS May 2024 medians), careers
// paying $50,000–$60,000, and the highest paid of those needing a bachelor's degree (EP
// Table 1.2's typical education with the OEWS medians).
import { existsSync } from 'node:fs'
import path from 'node:path'
import t from 'tap'
import { importFolder } from '../src/import/all.js'
import { readRows, type Cell } from '../src/import/table.js'
import { setupApp } from './helpers/app.js'

const DATA = path.resolve(process.env.CAREER_FACTS_DATA ?? '../shared/data')
const OEWS = path.join(DATA, 'oews', 'national_M2024_dl.xlsx')
const EP = path.join(DATA, 'ep', 'occupation.xlsx')

interface Listed {
  socCode: string
  headline: {
    medianAnnualWage: { value: number | null, atLeast: number | null } | null
    growth: { percent: number | null } | null
  }
}

async function sheetRows (file: string, sheet: string): Promise<Cell[][]> {
  const rows: Cell[][] = []
  for await (const row of readRows(file, (name) => name === sheet)) rows.push(row.cells)
  return rows
}

if (!existsSync(OEWS) || !existsSync(EP)) {
  t.pass(`skipped: no official data files in ${DATA}`)
} else {
  t.setTimeout(1_800_000)
  const { app, database } = await setupApp(t, { rateLimitMax: 1_000_000 })
  await importFolder(database.db, DATA)
  const list = async (query: string): Promise<Listed[]> => {
    const response = await app.inject({ url: `/v1/careers?${query}` })
    if (response.statusCode !== 200) throw new Error(`${query}: ${response.statusCode} ${response.body}`)
    return response.json<{ data: Listed[] }>().data
  }
  // The official occupations as BLS publishes them: one row per published code.
  const OFFICIAL = 'kind=occupation,group&publishedAs=occupation'

  // OEWS May 2024, detailed occupations: the annual median, `#` (top-coded) as its floor.
  const oews = await sheetRows(OEWS, 'national_M2024_dl')
  const header = (oews[0] ?? []).map(String)
  const column = (name: string) => header.indexOf(name)
  const medians = new Map<string, number | null>()
  for (const row of oews.slice(1)) {
    if (row[column('O_GROUP')] !== 'detailed') continue
    const cell = row[column('A_MEDIAN')]
    medians.set(String(row[column('OCC_CODE')]), cell === '#' ? 239_200 : typeof cell === 'number' ? cell : null)
  }

  t.test('the fastest-growing list is EP Table 1.3', async (t) => {
    const table = (await sheetRows(EP, 'Table 1.3'))
      .filter((row) => /^[0-9]{2}-[0-9]{4}$/.test(String(row[1] ?? '')) && row[1] !== '00-0000')
      .map((row) => ({ code: String(row[1]), percent: Number(row[5]) }))
    t.equal(table.length, 30, 'the table lists 30 occupations')
    const listed = await list(`sort=growth&${OFFICIAL}&limit=30`)
    t.same(listed.map((c) => c.headline.growth?.percent), table.map((row) => row.percent),
      'the same percents, in order')
    t.same(listed.map((c) => c.socCode).sort(), table.map((row) => row.code).sort(), 'the same occupations')
    t.comment(`1. ${listed[0]?.socCode} ${listed[0]?.headline.growth?.percent}% … 30. ${listed[29]?.socCode}`)
  })

  t.test('the highest-paid list is the OEWS medians, top-coded ones at their floor and marked', async (t) => {
    const expected = [...medians].filter(([, median]) => median !== null)
      .sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0)).slice(0, 100)
    const listed = await list(`sort=median-wage&${OFFICIAL}&limit=100`)
    const shown = listed.map((c) => c.headline.medianAnnualWage?.value ?? c.headline.medianAnnualWage?.atLeast)
    t.same(shown, expected.map(([, median]) => median), 'the same medians, in order')
    const topCoded = listed.filter((c) => c.headline.medianAnnualWage?.atLeast !== null)
    t.equal(topCoded.length, 17, '17 top-coded medians, each a floor')
    t.ok(topCoded.every((c) => c.headline.medianAnnualWage?.value === null && medians.get(c.socCode) === 239_200))
    // Ties aside (the 17 at the floor), the same occupations at the same ranks.
    t.same(listed.map((c) => c.socCode).sort(), expected.map(([code]) => code).sort())
  })

  t.test('careers paying $50,000–$60,000: every OEWS median in the band', async (t) => {
    const expected = [...medians].filter(([, median]) => median !== null && median >= 50_000 && median <= 60_000)
    let listed: Listed[] = []
    let cursor: string | null = null
    do {
      const response = await app.inject({
        url: `/v1/careers?minWage=50000&maxWage=60000&${OFFICIAL}&sort=median-wage&limit=100` +
          (cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`),
      })
      const body: { data: Listed[], nextCursor: string | null } = response.json()
      listed = listed.concat(body.data)
      cursor = body.nextCursor
    } while (cursor !== null)
    t.same(listed.map((c) => c.socCode).sort(), expected.map(([code]) => code).sort())
    t.comment(`${listed.length} occupations pay a median of $50,000–$60,000 (May 2024)`)
  })

  t.test('the highest paid needing a bachelor\'s degree', async (t) => {
    const table = await sheetRows(EP, 'Table 1.2')
    const bachelor = new Set(table.filter((row) => row[12] === "Bachelor's degree" && row[2] === 'Line item')
      .map((row) => String(row[1])))
    t.ok(bachelor.size > 100, `${bachelor.size} line items need a bachelor's degree`)
    const expected = [...medians].filter(([code, median]) => bachelor.has(code) && median !== null)
      .sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0)).slice(0, 20)
    const listed = await list(`education=bachelor&sort=median-wage&${OFFICIAL}&limit=20`)
    t.same(listed.map((c) => c.headline.medianAnnualWage?.value ?? c.headline.medianAnnualWage?.atLeast),
      expected.map(([, median]) => median))
    t.comment(`first: ${listed[0]?.socCode} $${listed[0]?.headline.medianAnnualWage?.value}`)
  })
}
