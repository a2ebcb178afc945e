// Every field an editor may PATCH on a career is written and reads back: the column map
// (src/resources/careers/write-queries.ts) is checked by the compiler, and this checks that
// what it writes is what the profile then shows.
import t from 'tap'
import { setupApp } from '../../helpers/app.js'
import { bearer, createKey } from '../../helpers/keys.js'
import { patcher } from '../../helpers/patch.js'

const { app, database } = await setupApp(t, { rateLimitMax: 100_000 })
const editor = bearer(await createKey(database.db, 'patcher', 'read,write'))
const { create, patch } = patcher(t, app, editor)

t.test('careers: each writable field, one PATCH at a time', async (t) => {
  const url = await create('/v1/careers', { slug: 'patch-career', title: 'Patch Career' })
  const changes: Array<[object, Record<string, unknown>]> = [
    [{ title: 'Patched Career' }, { title: 'Patched Career' }],
    [{ socCode: '43-9022' }, { socCode: '43-9022' }],
    [{ alternateTitles: ['Patch Worker'] }, { alternateTitles: ['Patch Worker'] }],
    [{ summary: 'Patches things.' }, { summary: 'Patches things.' }],
    [{ duties: ['Patch one field.'] }, { duties: ['Patch one field.'] }],
    [{ workEnvironment: 'Offices.' }, { workEnvironment: 'Offices.' }],
    [{ licensure: 'None.' }, { licensure: 'None.' }],
    [{ advancement: 'Senior patcher.' }, { advancement: 'Senior patcher.' }],
    [{ education: { typical: 'associate' } }, { education: { typical: { code: 'associate' } } }],
    [
      { education: { degreeRequired: 'An associate degree' } },
      { education: { degreeRequired: 'An associate degree' } },
    ],
    [
      { education: { fieldsOfStudy: [{ name: 'Health information', cipCode: '51.0707' }] } },
      { education: { fieldsOfStudy: [{ name: 'Health information', cip: { code: '51.0707' } }] } },
    ],
  ]
  for (const [body, expected] of changes) t.match(await patch(url, body), expected, JSON.stringify(body))
  const cleared = await patch(url, { summary: null, education: { typical: null } })
  t.match(cleared, { summary: null, education: { typical: null, degreeRequired: 'An associate degree' } },
    'null clears a field; the parts of education not sent stay')
  const moved = '/v1/careers/patched-career'
  t.match(await patch(url, { slug: 'patched-career' }, moved), { slug: 'patched-career' }, 'the slug moves it')
})
