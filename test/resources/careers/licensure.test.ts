// Licensure and credentials say what is known: an editor's wording, else one worded from the
// career's linked licenses; a career without credential links says none are recorded.
import t from 'tap'
import { setupApp } from '../../helpers/app.js'
import { bearer, createKey } from '../../helpers/keys.js'
import { NO_CREDENTIALS_NOTE } from '../../../src/resources/careers/queries.js'

const { app, database } = await setupApp(t)
const auth = bearer(await createKey(database.db, 'licensure-editor', 'read,write'))

async function profile (key: string) {
  const response = await app.inject({ url: `/v1/careers/${key}` })
  t.equal(response.statusCode, 200, key)
  return { etag: String(response.headers.etag), body: response.json() }
}

t.test('the reference page\'s wording stays the editor\'s', async (t) => {
  const { body } = await profile('health-information-technician')
  t.equal(body.licensure, 'Registered Health Information Technician (RHIT) typically required')
  t.equal(body.licensureFrom, 'editor')
  t.ok(body.credentials.length > 0)
  t.equal(body.credentialsNote, null, 'no note where credentials are linked')
})

t.test('a license linked to a career without wording becomes its licensure', async (t) => {
  const created = await app.inject({
    method: 'POST',
    url: '/v1/careers',
    headers: auth,
    payload: { slug: 'ward-nurse', title: 'Ward Nurse', socCode: '29-1141' },
  })
  t.equal(created.statusCode, 201, created.body)
  const before = (await profile('ward-nurse')).body
  t.equal(before.licensure, null)
  t.equal(before.licensureFrom, null)
  t.same(before.credentials, [])
  t.equal(before.credentialsNote, NO_CREDENTIALS_NOTE, 'none recorded, not none needed')
  t.match(before.credentialsNote, /does not mean that none is needed/)

  const license = await app.inject({
    method: 'POST',
    url: '/v1/credentials',
    headers: auth,
    payload: { slug: 'rn-license', abbreviation: 'RN', name: 'Registered Nurse', kind: 'license',
      jurisdiction: 'State boards of nursing' },
  })
  t.equal(license.statusCode, 201, license.body)
  const linked = await app.inject({
    method: 'PUT',
    url: '/v1/careers/ward-nurse/credentials/rn-license',
    headers: { ...auth, 'if-match': (await profile('ward-nurse')).etag },
    payload: { level: 'required' },
  })
  t.equal(linked.statusCode, 200, linked.body)
  const after = (await profile('ward-nurse')).body
  t.equal(after.licensure, 'Registered Nurse (RN) license required')
  t.equal(after.licensureFrom, 'credentials')
  t.equal(after.credentialsNote, null)

  const compared = (await app.inject({ url: '/v1/compare?careers=ward-nurse,medical-transcriptionist' })).json()
  t.same(
    compared.careers.map((c: { licensure: unknown, licensureFrom: unknown, credentialsNote: unknown }) =>
      [c.licensure, c.licensureFrom, c.credentialsNote === null]),
    [
      ['Registered Nurse (RN) license required', 'credentials', true],
      [null, null, false],
    ],
    'compare words them as the profile does',
  )

  const written = await app.inject({
    method: 'PATCH',
    url: '/v1/careers/ward-nurse',
    headers: { ...auth, 'if-match': (await profile('ward-nurse')).etag },
    payload: { licensure: 'RN license required in every state' },
  })
  t.equal(written.statusCode, 200, written.body)
  t.match(written.json(), { licensure: 'RN license required in every state', licensureFrom: 'editor' })
})
