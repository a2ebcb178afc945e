// Every field an editor may PATCH on an institution or a program is written and reads back:
// the column maps (src/resources/programs/write-queries.ts) are checked by the compiler, and
// this checks what they write is what the representation then shows.
import t from 'tap'
import { setupApp } from '../../helpers/app.js'
import { bearer, createKey } from '../../helpers/keys.js'
import { patcher } from '../../helpers/patch.js'

const { app, database } = await setupApp(t, { rateLimitMax: 100_000 })
const editor = bearer(await createKey(database.db, 'patcher', 'read,write'))

const { create, patch } = patcher(t, app, editor)

t.test('institutions: each writable field, one PATCH at a time', async (t) => {
  const url = await create('/v1/institutions', { name: 'Patch College', city: 'Springfield', state: 'IL' })
  const changes: Array<[object, Record<string, unknown>]> = [
    [{ name: 'Patched College' }, { name: 'Patched College' }],
    [{ city: 'Peoria' }, { city: 'Peoria' }],
    [{ state: 'WI' }, { state: 'WI' }],
    [{ ipedsUnitId: 123456 }, { ipedsUnitId: 123456 }],
    [{ url: 'https://patched.example/' }, { url: 'https://patched.example/' }],
  ]
  for (const [body, expected] of changes) t.match(await patch(url, body), expected, JSON.stringify(body))
})

t.test('programs: each writable field, one PATCH at a time', async (t) => {
  const school = await create('/v1/institutions', { name: 'First School', city: 'Springfield', state: 'IL' })
  const other = await create('/v1/institutions', { name: 'Second School', city: 'Madison', state: 'WI' })
  const otherId = Number(other.split('/').at(-1))
  const url = await create('/v1/programs', {
    institutionId: Number(school.split('/').at(-1)),
    name: 'Health Information Technology',
    awardLevel: 'associate',
    cipCode: '51.0707',
    delivery: 'on_campus',
  })
  const changes: Array<[object, Record<string, unknown>]> = [
    [{ institutionId: otherId }, { institution: { id: otherId, name: 'Second School' } }],
    [{ name: 'Health Information Management' }, { name: 'Health Information Management' }],
    [{ awardLevel: 'bachelor' }, { awardLevel: 'bachelor' }],
    [{ cipCode: '51.0706' }, { fieldOfStudy: { code: '51.0706' } }],
    [{ delivery: 'online' }, { delivery: 'online' }],
    [{ url: 'https://program.example/' }, { url: 'https://program.example/' }],
    [{ tuition: { amount: 4200, year: 2025 } }, { tuition: { amount: 4200, year: 2025 } }],
    [{ sponsorDisclosure: 'Paid listing by the school.' }, { sponsorDisclosure: 'Paid listing by the school.' }],
    // A sponsored program must carry its disclosure in the same write.
    [{ sponsored: true, sponsorDisclosure: 'Sponsored.' }, { sponsored: true, sponsorDisclosure: 'Sponsored.' }],
  ]
  for (const [body, expected] of changes) t.match(await patch(url, body), expected, JSON.stringify(body))
  t.match(await patch(url, { tuition: null }), { tuition: null }, 'null clears a field')
})
