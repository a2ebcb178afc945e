// Fields of study: CIP codes stay strings end to end ("01.0000" keeps its zero), search
// over titles and definitions, one code with its occupations, and careers' CIP codes.
import path from 'node:path'
import t from 'tap'
import { importFile } from '../../../src/import/index.js'
import { setupApp } from '../../helpers/app.js'
import { allPages, assertBadParameter, assertConditionalGet, assertNotFound } from '../../helpers/http.js'
import { bearer, createKey } from '../../helpers/keys.js'

const { app, database } = await setupApp(t, { rateLimitMax: 100_000 })
const db = database.db
const editor = bearer(await createKey(db, 'editor', 'read,write'))

t.test('the seed: the reference page\'s two fields of study, linked to the careers', async (t) => {
  const technician = (await app.inject({ url: '/v1/careers/health-information-technician' })).json()
  t.same(technician.education.fieldsOfStudy.map(({ name, cip }: { name: string, cip: unknown }) => ({ name, cip })), [
    {
      name: 'Health information technology',
      cip: { code: '51.0707', title: 'Health Information/Medical Records Technology/Technician' },
    },
  ])
  t.equal(technician.education.fieldsOfStudyFrom, 'editor')
  const manager = (await app.inject({ url: '/v1/careers/health-information-manager' })).json()
  t.same(manager.education.fieldsOfStudy.map((f: { cip: { code: string } }) => f.cip.code), ['51.0707', '51.0706'])
  const compared = (await app.inject({
    url: '/v1/compare?careers=health-information-technician,health-information-manager',
  })).json()
  t.match(compared.careers[1].fieldsOfStudy[1], {
    name: 'Health information management',
    cip: { code: '51.0706', title: 'Health Information/Medical Records Administration/Administrator' },
  })
  t.equal(compared.careers[1].fieldsOfStudyFrom, 'editor')
  const field = (await app.inject({ url: '/v1/fields-of-study/51.0706' })).json()
  t.match(field, {
    code: '51.0706',
    level: 'program',
    family: { code: '51', title: 'HEALTH PROFESSIONS AND RELATED PROGRAMS' },
    source: { slug: 'nces-cip-2020' },
  })
})

t.test('CIP codes are strings: 01.0000 keeps its zero from the file to the answer', async (t) => {
  await importFile(db, 'cip', path.resolve('test/fixtures/cip_soc/CIPCode2020.csv'))
  await importFile(db, 'cip-soc', path.resolve('test/fixtures/cip_soc/TOP-CIP-SOC Crosswalk_2025-02.xlsx'))
  const response = await app.inject({ url: '/v1/fields-of-study/01.0000' })
  t.equal(response.statusCode, 200)
  t.match(response.body, /"code":"01\.0000"/, 'a JSON string, not the number 1')
  t.match(response.json(), {
    code: '01.0000',
    title: 'Agriculture, General',
    family: { code: '01' },
    occupations: [{ socCode: '11-9013', career: null, sources: ['california-coe-top-cip-soc'] }],
  })
  const family = (await app.inject({ url: '/v1/fields-of-study?family=01&level=program' })).json()
  t.same(family.data.map((f: { code: string }) => f.code), ['01.0000', '01.0101', '01.0102', '01.1004'])
  t.equal(typeof family.data[0].code, 'string')
  await assertBadParameter(t, app, '/v1/fields-of-study/1.0000', 'path.code')
  await assertNotFound(t, app, '/v1/fields-of-study/02.0000', '02.0000')
})

t.test('search over titles and definitions, ranked, paginated', async (t) => {
  const records = (await app.inject({ url: '/v1/fields-of-study?q=medical%20records' })).json()
  t.same(records.data.map((f: { code: string }) => f.code).slice(0, 2).sort(), ['51.0706', '51.0707'])
  const byDefinition = (await app.inject({ url: '/v1/fields-of-study?q=enterprises' })).json()
  t.same(byDefinition.data.map((f: { code: string }) => f.code), ['01.0101'], 'a word only the definition holds')
  const slashed = (await app.inject({ url: '/v1/fields-of-study?q=technician%20records' })).json()
  t.same(slashed.data.map((f: { code: string }) => f.code), ['51.0707'], 'words joined by slashes in a title are words')
  const prefix = (await app.inject({ url: '/v1/fields-of-study?q=agribus' })).json()
  t.same(prefix.data.map((f: { code: string }) => f.code), ['01.0102'], 'a word prefix matches')
  const all = await allPages<{ code: string }>(t, app, '/v1/fields-of-study?limit=2')
  t.same(
    all.items.map((f) => f.code),
    ['01', '01.00', '01.0000', '01.0101', '01.0102', '01.1004', '51', '51.07', '51.0706', '51.0707'],
  )
  const ranked = await allPages<{ code: string }>(t, app, '/v1/fields-of-study?q=agriculture&limit=1')
  t.equal(new Set(ranked.items.map((f) => f.code)).size, ranked.items.length, 'no repeats across ranked pages')
  t.ok(ranked.items.length >= 3)
  await assertBadParameter(t, app, '/v1/fields-of-study?level=degree', 'query.level')
  await assertBadParameter(t, app, '/v1/fields-of-study?family=5', 'query.family')
  const page = (await app.inject({ url: '/v1/fields-of-study?limit=1' })).json()
  await assertBadParameter(t, app, `/v1/fields-of-study?limit=1&q=health&cursor=${page.nextCursor}`, 'query.cursor')
  await assertConditionalGet(t, app, '/v1/fields-of-study?q=health')
  await assertConditionalGet(t, app, '/v1/fields-of-study/51.0707')
})

t.test('editors give a career\'s fields of study their CIP codes', async (t) => {
  const url = '/v1/careers/health-information-technician'
  const write = async (fields: unknown) => app.inject({
    method: 'PATCH',
    url,
    headers: { ...editor, 'if-match': String((await app.inject({ url })).headers.etag) },
    payload: { education: { fieldsOfStudy: fields } },
  })
  const renamed = await write(['Health information technology', { name: 'Agricultural business', cipCode: '01.0101' }])
  t.equal(renamed.statusCode, 200, renamed.body)
  const named = (body: { education: { fieldsOfStudy: Array<{ name: string, cip: unknown }> } }) =>
    body.education.fieldsOfStudy.map(({ name, cip }) => ({ name, cip }))
  t.same(named(renamed.json()), [
    {
      name: 'Health information technology',
      cip: { code: '51.0707', title: 'Health Information/Medical Records Technology/Technician' },
    },
    { name: 'Agricultural business', cip: { code: '01.0101', title: 'Agricultural Business and Management, General' } },
  ], 'a name alone keeps its code; a name with a code gets it')
  const cleared = await write([{ name: 'Health information technology', cipCode: null }])
  t.same(cleared.json().education.fieldsOfStudy, [
    { name: 'Health information technology', cip: null, crosswalks: [] },
  ], 'a field without a code has no crosswalk')
  const unknown = await write([{ name: 'Made up', cipCode: '99.0001' }])
  t.equal(unknown.statusCode, 400)
  t.same(unknown.json().errors, [{ name: 'body.education.fieldsOfStudy', reason: '99.0001 is not a CIP 2020 code' }])
  const badCode = await write([{ name: 'x', cipCode: 1.0101 }])
  t.equal(badCode.statusCode, 400, 'a number is no CIP code')
})

t.test('a career\'s fields of study come from the CIP–SOC crosswalk where no editor chose them', async (t) => {
  await importFile(db, 'cip', path.resolve('test/fixtures/cip_soc/CIPCode2020.csv'))
  await importFile(db, 'cip-soc', path.resolve('test/fixtures/cip_soc/TOP-CIP-SOC Crosswalk_2025-02.xlsx'))
  const created = await app.inject({
    method: 'POST',
    url: '/v1/careers',
    headers: editor,
    payload: { slug: 'orchard-manager', title: 'Orchard Manager', socCode: '11-9013' },
  })
  t.equal(created.statusCode, 201, created.body)
  const coe = ['california-coe-top-cip-soc']
  const crosswalked = [
    { name: 'Agriculture, General', cip: { code: '01.0000', title: 'Agriculture, General' }, crosswalks: coe },
    { name: 'Viticulture and Enology', cip: { code: '01.1004', title: 'Viticulture and Enology' }, crosswalks: coe },
  ]
  const profile = (await app.inject({ url: '/v1/careers/orchard-manager' })).json()
  t.same(profile.education.fieldsOfStudy, crosswalked, 'every linked code, by code')
  t.equal(profile.education.fieldsOfStudyFrom, 'crosswalk')
  const compared = (await app.inject({ url: '/v1/compare?careers=orchard-manager,medical-transcriptionist' })).json()
  t.same(compared.careers.map((c: { fieldsOfStudy: unknown[] }) => c.fieldsOfStudy), [crosswalked, []])
  t.same(compared.careers.map((c: { fieldsOfStudyFrom: unknown }) => c.fieldsOfStudyFrom), ['crosswalk', null])

  const manager = (await app.inject({ url: '/v1/careers/health-information-manager' })).json()
  t.same(manager.education.fieldsOfStudy.map((f: { crosswalks: string[] }) => f.crosswalks), [[], coe],
    'an editor\'s field says which crosswalks link it to the career\'s code')

  const bySoc = (await app.inject({ url: '/v1/fields-of-study?soc=29-2072' })).json()
  t.same(bySoc.data.map((f: { code: string }) => f.code), ['51.0707'])
  const none = (await app.inject({ url: '/v1/fields-of-study?soc=31-9094' })).json()
  t.same(none.data, [], 'a code no crosswalk links has no fields')
  const combined = (await app.inject({ url: '/v1/fields-of-study?soc=11-9013&q=agriculture' })).json()
  t.same(combined.data.map((f: { code: string }) => f.code), ['01.0000'], 'soc combines with q')
  await assertBadParameter(t, app, '/v1/fields-of-study?soc=29', 'query.soc')
})
