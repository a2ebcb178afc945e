// Test databases. The `before` script (test/setup/prepare-database.ts) migrates and seeds
// one template; each test file then gets its own copy, so files never see each other's
// writes and run in any order. DATABASE_URL picks Postgres, else PGlite.
import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { admin, databaseName, withDatabase } from '../../src/db/admin.js'
import { connect, type ConnectOptions, type DatabaseHandle } from '../../src/db/connect.js'

export { admin, withDatabase }

export const databaseUrl = process.env.DATABASE_URL !== undefined && process.env.DATABASE_URL !== '' ? process.env.DATABASE_URL : null

// One snapshot per checkout, so runs in two checkouts (with other migrations) never mix.
const checkout = createHash('sha256').update(process.cwd()).digest('hex').slice(0, 12)
export const PGLITE_SNAPSHOT = path.join(os.tmpdir(), 'career-facts-test', `seeded-${checkout}.tar`)

export function templateName (url: string): string {
  return `${databaseName(url)}_template`
}

let counter = 0

export interface TestDatabase extends DatabaseHandle {
  /** Where a second connection reaches the same database (Postgres); null for PGlite. */
  url: string | null
}

/** A private, migrated and seeded database for one test file; close() also drops it. */
export async function testDatabase (options: Pick<ConnectOptions, 'statementTimeoutMs'> = {}): Promise<TestDatabase> {
  if (databaseUrl === null) {
    const snapshot = new Blob([await readFile(PGLITE_SNAPSHOT)])
    return { ...await connect({ databaseUrl: null, pgliteSnapshot: snapshot, ...options }), url: null }
  }
  const name = `${templateName(databaseUrl).replace(/_template$/, '')}_t${process.pid}_${++counter}`
  await admin(databaseUrl, [`drop database if exists "${name}"`, `create database "${name}" template "${templateName(databaseUrl)}"`])
  const url = withDatabase(databaseUrl, name)
  const handle = await connect({ databaseUrl: url, poolMax: 4, ...options })
  return {
    ...handle,
    url,
    close: async () => {
      await handle.close()
      await admin(databaseUrl, [`drop database if exists "${name}"`])
    },
  }
}
