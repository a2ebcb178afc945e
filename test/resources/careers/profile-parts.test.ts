// Postgres builds the profile's JSON (src/resources/careers/profile-json.ts), while the routes
// serving its parts map rows in TypeScript. Over the seed and every good fixture file, each
// profile is a valid Career, its ETag hashes the bytes sent, and each part equals what the
// route serving that part answers: the two ways of building one shape cannot drift apart.
import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import t from 'tap'
import { Ajv } from 'ajv'
import addFormats from 'ajv-formats'
import { importFolder } from '../../../src/import/all.js'
import { allSchemas } from '../../../src/plugins/schemas.js'
import { strongEtag } from '../../../src/http/etag.js'
import type { CareerBody } from '../../../src/resources/careers/queries.js'
import { setupApp } from '../../helpers/app.js'

const FIXTURES = path.resolve('test/fixtures')
const GOOD = [
  'soc/soc_structure_2018.xlsx', 'soc/soc_2018_definitions.xlsx', 'soc/soc_2018_direct_match_title_file.xlsx',
  'soc/soc_2010_to_2018_crosswalk.xlsx', 'ep/nem-onet-to-soc-crosswalk.xlsx', 'ep/occupation.xlsx',
  'oews/national_M2015_dl.xlsx', 'oews/national_M2024_dl.xlsx', 'oews/state_M2024_dl.csv', 'oews/nat4d_M2024_dl.csv',
  'onet_29_2/Occupation Data.txt', 'onet_29_2/Task Statements.txt', 'onet_29_2/Alternate Titles.txt',
  'onet_29_2/Sample of Reported Titles.txt', 'onet_29_2/Related Occupations.txt', 'onet_29_2/Job Zones.txt',
  'onet_29_2/Education, Training, and Experience Categories.txt', 'onet_29_2/Education, Training, and Experience.txt',
  'onet_29_2/Technology Skills.txt', 'onet_29_2/Interests.txt', 'onet_29_2/Work Styles.txt',
  'cip_soc/CIPCode2020.csv', 'cip_soc/CIP2020_SOC2018_Crosswalk.xlsx', 'cip_soc/TOP-CIP-SOC Crosswalk_2025-02.xlsx',
  'credentials/credentials.csv', 'credentials/credentials.json',
]

const { app, database } = await setupApp(t, { rateLimitMax: 1_000_000 })
const db = database.db

const scratch = await mkdtemp(path.join(os.tmpdir(), 'career-facts-profile-parts-'))
t.teardown(() => rm(scratch, { recursive: true, force: true }))
for (const file of GOOD) {
  await mkdir(path.dirname(path.join(scratch, file)), { recursive: true })
  await symlink(path.join(FIXTURES, file), path.join(scratch, file))
}
await importFolder(db, scratch)

const ajv = new Ajv({ allErrors: true, strict: false })
addFormats.default(ajv)
for (const schema of allSchemas) ajv.addSchema(schema)
const isCareer = ajv.getSchema('Career')

async function get<T> (url: string): Promise<T> {
  const response = await app.inject({ url })
  if (response.statusCode !== 200) throw new Error(`${url}: ${response.statusCode} ${response.body}`)
  return response.json<T>()
}

const careers = await db.selectFrom('career').select(['id', 'kind', 'soc_code']).orderBy('id').execute()

t.test('the fixtures reach every kind of part', async (t) => {
  t.ok(careers.length >= 10, `${careers.length} careers`)
  t.ok(careers.some((career) => career.kind === 'editorial'), 'an editorial career')
  t.ok(careers.some((career) => career.soc_code === null), 'a career without a SOC code')
  const profiles = await Promise.all(careers.map((career) => get<CareerBody>(`/v1/careers/${career.id}`)))
  const reached = (what: string, has: (profile: CareerBody) => boolean): void => {
    t.ok(profiles.some(has), what)
  }
  reached('a wage with a top-coded figure', (p) => Object.keys(p.wage?.annual.atLeast ?? {}).length > 0)
  reached('a projection', (p) => p.outlook !== null)
  reached('a license', (p) => p.credentials.some((credential) => credential.kind === 'license'))
  reached('a related career with headline figures', (p) => p.related.some((r) => r.headline.growth !== null))
  reached('an interest code', (p) => p.work.interestCode !== null)
  reached('top technologies', (p) => p.work.topTechnologies.length > 0)
  reached('education shares', (p) => p.preparation.educationShares.length > 0)
  reached('crosswalk fields of study', (p) => p.education.fieldsOfStudyFrom === 'crosswalk')
  reached('a notice to attribute', (p) => p.attributions.length > 0)
})

t.test('every profile is a valid Career, sent with the ETag of its bytes', async (t) => {
  t.ok(isCareer, 'the Career schema is registered')
  for (const career of careers) {
    const response = await app.inject({ url: `/v1/careers/${career.id}` })
    t.equal(response.statusCode, 200)
    t.match(response.headers['content-type'], /^application\/json/)
    t.equal(response.headers.etag, strongEtag(response.body), `${career.id}: the ETag hashes the body`)
    isCareer?.(response.json())
    t.same(isCareer?.errors ?? [], [], `${career.id}: a valid Career`)
  }
})

t.test('each part equals what the route serving it answers', async (t) => {
  const other = careers[0]
  if (other === undefined) throw new Error('no careers')
  for (const career of careers) {
    const profile = await get<CareerBody>(`/v1/careers/${career.id}`)
    const key = career.id
    const related = await get<{ data: unknown[] }>(`/v1/careers/${key}/related`)
    t.same(profile.related, related.data, `${key}: related, as /related lists them`)
    const credentials = await get<{ data: unknown[] }>(`/v1/careers/${key}/credentials`)
    t.same(profile.credentials, credentials.data, `${key}: credentials, as /credentials lists them`)
    const outlook = await get<{ data: unknown[], notPublished: unknown }>(`/v1/careers/${key}/outlook`)
    t.same(profile.outlook, outlook.data[0] ?? null, `${key}: the newest cycle's projection`)
    t.same(profile.notPublished, outlook.notPublished, `${key}: the same notice when none is published`)
    const pair = key === other.id ? (careers[1]?.id ?? key) : other.id
    const compared = await get<{ careers: Array<Record<string, unknown>> }>(`/v1/compare?careers=${key},${pair}`)
    const column = compared.careers[0] ?? {}
    t.same({
      typicalEducation: profile.education.typical,
      degreeRequired: profile.education.degreeRequired,
      degreeRequiredFrom: profile.education.degreeRequiredFrom,
      fieldsOfStudy: profile.education.fieldsOfStudy,
      fieldsOfStudyFrom: profile.education.fieldsOfStudyFrom,
      licensure: profile.licensure,
      licensureFrom: profile.licensureFrom,
      credentials: profile.credentials,
      jobZone: profile.preparation.jobZone,
      work: profile.work,
      ooh: profile.ooh,
      outlook: profile.outlook,
      wage: profile.wage,
    }, {
      typicalEducation: column.typicalEducation,
      degreeRequired: column.degreeRequired,
      degreeRequiredFrom: column.degreeRequiredFrom,
      fieldsOfStudy: column.fieldsOfStudy,
      fieldsOfStudyFrom: column.fieldsOfStudyFrom,
      licensure: column.licensure,
      licensureFrom: column.licensureFrom,
      credentials: column.credentials,
      jobZone: column.jobZone,
      work: column.work,
      ooh: column.ooh,
      outlook: column.outlook,
      wage: column.wage,
    }, `${key}: the comparison column, built in TypeScript from the same rows`)
  }
})
