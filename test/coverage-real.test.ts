// The coverage report: on the real official files in ../shared/data (or CAREER_FACTS_DATA),
// imported whole with `import all`, how many of the civilian detailed occupations each field
// of the reference page is filled for, as the profile and compare serve it. The counts are
// printed (the README's "Coverage" table comes from them) and held to what the sources reach.
import { existsSync } from 'node:fs'
import path from 'node:path'
import t from 'tap'
import { importFolder } from '../src/import/all.js'
import { setupApp } from './helpers/app.js'

const DATA = path.resolve(process.env.CAREER_FACTS_DATA ?? '../shared/data')
const CIVILIAN_DETAILED = 848

interface Profile {
  slug: string
  socCode: string
  duties: string[]
  dutiesFrom?: unknown
  education: {
    typical: unknown
    degreeRequired: string | null
    fieldsOfStudy: unknown[]
  }
  preparation: { jobZone: number | null, educationShares: unknown[] }
  licensure: string | null
  credentials: unknown[]
  credentialsNote: string | null
  related: Array<{ headline: { medianAnnualWage: unknown, growth: unknown } }>
  wage: { annual: { median: number | null }, footnotes: Array<{ field: string, meaning: string }> } | null
  outlook: {
    changePercent: number | null
    descriptor: string | null
    descriptorNote: string | null
    typicalEducation: string | null
    workExperience: string | null
    onTheJobTraining: string | null
    annualOpenings: number | null
    percentSelfEmployed?: number | null
  } | null
  ooh?: unknown
  work?: { interestCode: string | null, topTechnologies: unknown[] }
}

if (!existsSync(path.join(DATA, 'oews', 'national_M2024_dl.xlsx'))) {
  t.pass(`skipped: no official data files in ${DATA}`)
} else {
  t.setTimeout(1_800_000)
  const { app, database } = await setupApp(t, { rateLimitMax: 1_000_000 })
  const db = database.db
  const get = async <T>(url: string): Promise<T> => {
    const response = await app.inject({ url })
    if (response.statusCode !== 200) throw new Error(`${url}: ${response.statusCode} ${response.body}`)
    return response.json<T>()
  }

  t.test('every field of the reference page, counted over the civilian detailed occupations', async (t) => {
    await importFolder(db, DATA)
    const codes = (await db.selectFrom('career').select('soc_code')
      .where('kind', '=', 'occupation').where('soc_code', 'not like', '55-%').orderBy('soc_code').execute())
      .map((row) => row.soc_code ?? '')
    t.equal(codes.length, CIVILIAN_DETAILED, 'every civilian detailed SOC 2018 occupation is a career')

    const counts = new Map<string, number>()
    const gaps = new Map<string, string[]>()
    const count = (field: string, has: boolean, code: string): void => {
      counts.set(field, (counts.get(field) ?? 0) + (has ? 1 : 0))
      if (!has) gaps.set(field, [...(gaps.get(field) ?? []), code])
    }
    const profiles: Profile[] = []
    for (const code of codes) {
      const profile = await get<Profile>(`/v1/careers/${code}`)
      profiles.push(profile)
      const outlook = profile.outlook
      count('wage (latest national median or its top-coded floor)', profile.wage !== null, code)
      count('growth percent', outlook?.changePercent !== null && outlook !== null, code)
      count('growth descriptor', outlook?.descriptor !== null && outlook !== null, code)
      count('descriptor, or the reason it has none', outlook !== null &&
        (outlook.descriptor !== null || outlook.descriptorNote !== null), code)
      count('typical entry education', profile.education.typical !== null, code)
      count('degree wording', profile.education.degreeRequired !== null, code)
      count('work experience', outlook !== null && outlook.workExperience !== null, code)
      count('on-the-job training', outlook !== null && outlook.onTheJobTraining !== null, code)
      count('annual openings', outlook !== null && outlook.annualOpenings !== null, code)
      count('percent self-employed', outlook?.percentSelfEmployed !== undefined &&
        outlook.percentSelfEmployed !== null, code)
      count('OOH profile link', profile.ooh !== undefined && profile.ooh !== null, code)
      count('job zone', profile.preparation.jobZone !== null, code)
      count('education shares', profile.preparation.educationShares.length > 0, code)
      count('hot technologies on the profile', (profile.work?.topTechnologies.length ?? 0) > 0, code)
      count('interest code', (profile.work?.interestCode ?? null) !== null, code)
      count('duties', profile.duties.length > 0, code)
      count('fields of study', profile.education.fieldsOfStudy.length > 0, code)
      count('related careers', profile.related.length > 0, code)
      count('licensure or the note that no credential is recorded',
        profile.licensure !== null || profile.credentialsNote !== null, code)
    }

    const percent = (n: number): string => `${(100 * n / CIVILIAN_DETAILED).toFixed(1)}%`
    const lines = [...counts].map(([field, n]) => {
      const missing = gaps.get(field) ?? []
      const sample = missing.length > 0 && missing.length <= 12 ? ` (missing: ${missing.join(', ')})` : ''
      return `| ${field} | ${n} | ${percent(n)} |${sample}`
    })
    t.comment(`coverage over ${CIVILIAN_DETAILED} civilian detailed occupations:\n` +
      `| field | occupations | share |\n|---|---|---|\n${lines.join('\n')}`)

    const atLeast = (field: string, share: number): void => {
      const n = counts.get(field) ?? 0
      t.ok(n >= share * CIVILIAN_DETAILED,
        `${field}: ${n} of ${CIVILIAN_DETAILED} (${percent(n)}), at least ${share * 100}%`)
    }
    for (const field of ['typical entry education', 'degree wording', 'work experience', 'on-the-job training',
      'annual openings', 'growth percent', 'wage (latest national median or its top-coded floor)',
      'licensure or the note that no credential is recorded']) {
      atLeast(field, 0.99)
    }
    t.equal(counts.get('descriptor, or the reason it has none'), counts.get('growth percent'),
      'every projection has a descriptor or says why it has none')
    // O*NET 29.2 rates 798 of the 848: the other 50 are "All Other" codes it has no record
    // for, nor any specialty under them (README "Coverage"); education shares reach fewer.
    for (const field of ['job zone', 'duties', 'interest code', 'related careers']) atLeast(field, 0.94)
    // 18 of the rated occupations list technology skills but none O*NET flags as hot.
    atLeast('hot technologies on the profile', 0.91)
    atLeast('education shares', 0.84)
    atLeast('percent self-employed', 0.76)
    atLeast('OOH profile link', 0.71)
    t.ok((counts.get('fields of study') ?? 0) > 0, 'fields of study as far as the crosswalk reaches')

    // One compare call fills the chart's columns as the profiles do.
    for (let i = 0; i + 1 < profiles.length; i += 2) {
      const pair = [profiles[i], profiles[i + 1]] as [Profile, Profile]
      const compared = await get<{ careers: Array<Record<string, unknown>> }>(
        `/v1/compare?careers=${pair[0].socCode},${pair[1].socCode}`)
      pair.forEach((profile, j) => {
        const column = compared.careers[j] ?? {}
        const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b)
        if (!same(column.degreeRequired, profile.education.degreeRequired) ||
          !same(column.fieldsOfStudy, profile.education.fieldsOfStudy) ||
          !same(column.licensure, profile.licensure) || !same(column.outlook, profile.outlook) ||
          !same(column.wage, profile.wage) || !same(column.work, profile.work) || !same(column.ooh, profile.ooh)) {
          t.fail(`${profile.socCode}: compare and the profile disagree`)
        }
      })
    }
    t.pass('compare agrees with every profile')
  })
}
