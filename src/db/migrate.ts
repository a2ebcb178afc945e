// Applies the Kysely migrations in migrations/.
import { promises as fs } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { FileMigrationProvider, Migrator, sql, type MigrationResultSet } from 'kysely'
import type { Db } from './connect.js'

// From source (src/db/migrate.ts) they sit at the project root; the build compiles src/ into
// dist/ and migrations/ into dist/migrations/, so from dist/db/migrate.js they are one up.
const MIGRATIONS_DIR = fileURLToPath(
  new URL(import.meta.url.endsWith('.ts') ? '../../migrations' : '../migrations', import.meta.url),
)

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

// Kysely's own answer to "what is applied" introspects every table of the database and
// imports every migration module; the server asks at start and at every /readyz, so these
// read the file names and Kysely's table directly.

/** The migrations in migrations/, named and ordered as Kysely's FileMigrationProvider does. */
async function migrationNames (): Promise<string[]> {
  const files = await fs.readdir(MIGRATIONS_DIR)
  return files
    .filter((file) => /\.(js|mjs|ts|mts)$/.test(file) && !/\.d\.m?ts$/.test(file))
    .map((file) => file.slice(0, file.lastIndexOf('.')))
    .sort()
}

/** The migrations applied to this database, in the order they were applied. */
async function appliedMigrations (db: Db): Promise<string[]> {
  const table = await sql<{ found: boolean }>`select to_regclass('kysely_migration') is not null as found`.execute(db)
  if (table.rows[0]?.found !== true) return []
  const applied = await sql<{ name: string }>`select name from kysely_migration order by timestamp, name collate "C"`
    .execute(db)
  return applied.rows.map((row) => row.name)
}

/** Names of migrations that exist in migrations/ but are not applied to this database. */
export async function pendingMigrations (db: Db): Promise<string[]> {
  const [names, applied] = await Promise.all([migrationNames(), appliedMigrations(db)])
  const done = new Set(applied)
  return names.filter((name) => !done.has(name))
}

/**
 * Whether every migration in migrations/, and no other, is applied, in order: then
 * migrateToLatest has nothing to do and nothing to object to, and need not take its lock.
 */
export async function schemaIsCurrent (db: Db): Promise<boolean> {
  const [names, applied] = await Promise.all([migrationNames(), appliedMigrations(db)])
  return applied.length === names.length && names.every((name, i) => applied[i] === name)
}
