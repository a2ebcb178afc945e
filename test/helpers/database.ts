// Test databases. The `before` script (test/setup/prepare-database.ts) migrates and seeds
// one template; each test file then gets its own copy, so files never see each other's
// writes and run in any order. DATABASE_URL picks Postgres, else PGlite.
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { admin, databaseName, withDatabase } from '../../src/db/admin.js'
import { connect, type ConnectOptions, type DatabaseHandle } from '../../src/db/connect.js'
import { migrateToLatest } from '../../src/db/migrate.js'

export { admin, withDatabase }

const given = process.env.DATABASE_URL
export const databaseUrl = given !== undefined && given !== '' ? given : null

// What the migrated, seeded template is made from: the migrations, the seed (and the source
// upsert it uses), the runner, and the embedded database's own version (its dump format).
const TEMPLATE_INPUTS = ['migrations', 'src/seed', 'src/db/migrate.ts', 'src/resources/sources/upsert.ts']

function filesUnder (entry: string): string[] {
  if (entry.endsWith('.ts')) return [entry]
  return readdirSync(entry, { recursive: true, withFileTypes: true })
    .filter((file) => file.isFile())
    .map((file) => path.join(file.parentPath, file.name))
}

/**
 * A digest of everything the template is made from: the `before` script builds it only when
 * no template with this digest exists yet (the same migrations and seed, in any checkout).
 */
export const TEMPLATE_DIGEST = (() => {
  const hash = createHash('sha256')
  const manifest = readFileSync('node_modules/@electric-sql/pglite/package.json', 'utf8')
  hash.update(`pglite ${(JSON.parse(manifest) as { version: string }).version}\n`)
  for (const file of TEMPLATE_INPUTS.flatMap(filesUnder).sort()) hash.update(`${file}\n`).update(readFileSync(file))
  return hash.digest('hex').slice(0, 16)
})()

export const PGLITE_SNAPSHOT = path.join(os.tmpdir(), 'career-facts-test', `seeded-${TEMPLATE_DIGEST}.tar`)

export function templateName (url: string): string {
  return `${databaseName(url)}_template`
}

let counter = 0

export interface TestDatabase extends DatabaseHandle {
  /** Where a second connection reaches the same database (Postgres); null for PGlite. */
  url: string | null
}

/**
 * A private, migrated and seeded database for one test file; close() also drops it. With
 * `empty`, migrated only (about 3 s more on PGlite, which then starts from nothing).
 */
export async function testDatabase (
  options: Pick<ConnectOptions, 'statementTimeoutMs'> & { empty?: boolean } = {},
): Promise<TestDatabase> {
  const { empty = false, ...connectOptions } = options
  if (databaseUrl === null) {
    const snapshot = empty ? undefined : new Blob([await readFile(PGLITE_SNAPSHOT)])
    const handle = await connect({ databaseUrl: null, pgliteSnapshot: snapshot, ...connectOptions })
    if (empty) await migrateToLatest(handle.db)
    return { ...handle, url: null }
  }
  const name = `${templateName(databaseUrl).replace(/_template$/, '')}_t${process.pid}_${++counter}`
  await admin(databaseUrl, [
    `drop database if exists "${name}"`,
    empty ? `create database "${name}"` : `create database "${name}" template "${templateName(databaseUrl)}"`,
  ])
  const url = withDatabase(databaseUrl, name)
  const handle = await connect({ databaseUrl: url, poolMax: 4, ...connectOptions })
  if (empty) await migrateToLatest(handle.db)
  return {
    ...handle,
    url,
    close: async () => {
      await handle.close()
      await admin(databaseUrl, [`drop database if exists "${name}"`])
    },
  }
}
