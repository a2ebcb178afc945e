// Applies the Kysely migrations in migrations/.
import { promises as fs } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { FileMigrationProvider, Migrator, type MigrationResultSet } from 'kysely'
import type { Db } from './connect.js'

// From source (src/db/migrate.ts) they sit at the project root; the build compiles src/ into
// dist/ and migrations/ into dist/migrations/, so from dist/db/migrate.js they are one up.
const MIGRATIONS_DIR = fileURLToPath(new URL(import.meta.url.endsWith('.ts') ? '../../migrations' : '../migrations', import.meta.url))

function migrator (db: Db): Migrator {
  return new Migrator({
    db,
    provider: new FileMigrationProvider({ fs, path, migrationFolder: MIGRATIONS_DIR }),
  })
}

export class MigrationError extends Error {
  override name = 'MigrationError'
}

/** Brings the schema to the latest migration; throws naming the migration that failed. */
export async function migrateToLatest (db: Db): Promise<MigrationResultSet> {
  const result = await migrator(db).migrateToLatest()
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown'
    throw new MigrationError(`migration ${failed} failed: ${String(result.error)}`, { cause: result.error })
  }
  return result
}

/** Names of migrations that exist in migrations/ but are not applied to this database. */
export async function pendingMigrations (db: Db): Promise<string[]> {
  const migrations = await migrator(db).getMigrations()
  return migrations.filter((m) => m.executedAt === undefined).map((m) => m.name)
}
