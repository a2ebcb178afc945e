// Every field an editor may PATCH on a credential is written and reads back: the column map
// (src/resources/credentials/write-queries.ts) is checked by the compiler, and this checks
// that what it writes is what the credential then shows.
import t from 'tap'
import { setupApp } from '../../helpers/app.js'
import { bearer, createKey } from '../../helpers/keys.js'
import { patcher } from '../../helpers/patch.js'

const { app, database } = await setupApp(t, { rateLimitMax: 100_000 })
const editor = bearer(await createKey(database.db, 'patcher', 'read,write'))
const { create, patch } = patcher(t, app, editor)

t.test('credentials: each writable field, one PATCH at a time', async (t) => {
  const url = await create('/v1/credentials', {
    slug: 'patch-credential', name: 'Patch Credential', kind: 'certification', jurisdiction: 'State boards',
  })
  const changes: Array<[object, Record<string, unknown>]> = [
    [{ abbreviation: 'PTC' }, { abbreviation: 'PTC' }],
    [{ name: 'Patched Credential' }, { name: 'Patched Credential' }],
    [{ kind: 'license' }, { kind: 'license' }],
    [{ issuer: 'ahima' }, { issuer: { slug: 'ahima' } }],
    [{ jurisdiction: 'Illinois' }, { jurisdiction: 'Illinois' }],
    [{ requirements: 'An exam.' }, { requirements: 'An exam.' }],
    [{ renewal: 'Every two years.' }, { renewal: 'Every two years.' }],
    [{ source: 'ahima-certification' }, { source: { slug: 'ahima-certification' } }],
  ]
  for (const [body, expected] of changes) t.match(await patch(url, body), expected, JSON.stringify(body))
  t.match(await patch(url, { source: null, renewal: null }), { source: null, renewal: null }, 'null clears a field')
  const moved = '/v1/credentials/patched-credential'
  t.match(await patch(url, { slug: 'patched-credential' }, moved), { slug: 'patched-credential' }, 'the slug moves it')
})
