// Server-level statements for tools that make scratch databases (the test setup, the
// benchmark): CREATE and DROP DATABASE cannot run inside a transaction or a Kysely pool.
import pg from 'pg'

/** Runs the statements in order on one plain connection to `url`. */
export async function admin (url: string, statements: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    for (const statement of statements) await client.query(statement)
  } finally {
    await client.end()
  }
}

/** The same server and credentials as `url`, another database. */
export function withDatabase (url: string, name: string): string {
  const next = new URL(url)
  next.pathname = `/${name}`
  return next.toString()
}

/** The database `url` names; `postgres` when it names none. */
export function databaseName (url: string): string {
  return new URL(url).pathname.slice(1) || 'postgres'
}
