// tap's `before` script: builds the migrated, seeded template every test file copies.
import { mkdir, rename, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { connect } from '../../src/db/connect.js'
import { migrateToLatest } from '../../src/db/migrate.js'
import { seed } from '../../src/seed/load.js'
import { PGLITE_SNAPSHOT, admin, databaseUrl, templateName, withDatabase } from '../helpers/database.js'

if (databaseUrl === null) {
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
} else {
  const template = templateName(databaseUrl)
  // A template may not be copied while connected, and a previous run may have left one.
  await admin(databaseUrl, [
    `select pg_terminate_backend(pid) from pg_stat_activity where datname = '${template}' and pid <> pg_backend_pid()`,
    `drop database if exists "${template}"`,
    `create database "${template}"`,
  ])
  const handle = await connect({ databaseUrl: withDatabase(databaseUrl, template), poolMax: 1 })
  await migrateToLatest(handle.db)
  await seed(handle.db)
  await handle.close()
}
