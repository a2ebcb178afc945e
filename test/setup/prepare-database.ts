// tap's `before` script: makes sure the migrated, seeded template every test file copies
// exists for the current migrations and seed (TEMPLATE_DIGEST), building it only when not.
import { access, mkdir, rename, writeFile } from 'node:fs/promises'
import path from 'node:path'
import pg from 'pg'
import { connect } from '../../src/db/connect.js'
import { migrateToLatest } from '../../src/db/migrate.js'
import { seed } from '../../src/seed/load.js'
import {
  PGLITE_SNAPSHOT, TEMPLATE_DIGEST, admin, databaseUrl, templateName, withDatabase,
} from '../helpers/database.js'

async function exists (file: string): Promise<boolean> {
  return access(file).then(() => true, () => false)
}

async function buildPgliteSnapshot (): Promise<void> {
  const handle = await connect({ databaseUrl: null })
  await migrateToLatest(handle.db)
  await seed(handle.db)
  const tarball = await handle.snapshot?.()
  if (tarball === undefined) throw new Error('the embedded database gave no snapshot')
  await mkdir(path.dirname(PGLITE_SNAPSHOT), { recursive: true })
  // Written aside and renamed, so a concurrent run never reads half a file.
  const partial = `${PGLITE_SNAPSHOT}.${process.pid}`
  await writeFile(partial, Buffer.from(await tarball.arrayBuffer()))
  await rename(partial, PGLITE_SNAPSHOT)
  await handle.close()
}

/** The digest the Postgres template was built from (its comment), or null when there is none. */
async function templateDigest (url: string, template: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: url })
  client.on('error', () => undefined)
  await client.connect()
  try {
    const found = await client.query<{ digest: string | null }>(
      "select shobj_description(oid, 'pg_database') as digest from pg_database where datname = $1", [template])
    return found.rows[0]?.digest ?? null
  } finally {
    await client.end()
  }
}

async function buildPostgresTemplate (url: string, template: string): Promise<void> {
  // A template may not be copied while connected, and a previous run may have left one.
  await admin(url, [
    `select pg_terminate_backend(pid) from pg_stat_activity where datname = '${template}' and pid <> pg_backend_pid()`,
    `drop database if exists "${template}"`,
    `create database "${template}"`,
  ])
  const handle = await connect({ databaseUrl: withDatabase(url, template), poolMax: 1 })
  await migrateToLatest(handle.db)
  await seed(handle.db)
  await handle.close()
  // Marked only once complete: a run stopped half-way leaves a template that is rebuilt.
  await admin(url, [`comment on database "${template}" is '${TEMPLATE_DIGEST}'`])
}

const started = Date.now()
let built: boolean
if (databaseUrl === null) {
  built = !await exists(PGLITE_SNAPSHOT)
  if (built) await buildPgliteSnapshot()
} else {
  const template = templateName(databaseUrl)
  built = await templateDigest(databaseUrl, template) !== TEMPLATE_DIGEST
  if (built) await buildPostgresTemplate(databaseUrl, template)
}
process.stdout.write(`# test template ${TEMPLATE_DIGEST} ${built ? 'built' : 'reused'} in ${Date.now() - started} ms\n`)
