// API keys for partners and editors. Only a SHA-256 digest of each key is stored: keys are
// 256 random bits, so a fast unsalted hash is as strong as a slow one (there is nothing to
// guess from a dictionary) and lets every request find its key by an indexed lookup.
// Names are never reused, even after revocation, so the audit trail stays unambiguous.
import { sql, type Kysely } from 'kysely'

export async function up (db: Kysely<unknown>): Promise<void> {
  await sql`create table api_key (
    id serial primary key,
    name text not null unique check (name ~ '^[a-z0-9][a-z0-9._-]{0,63}$'),
    key_hash text not null unique check (key_hash ~ '^[0-9a-f]{64}$'),
    scopes text[] not null check (cardinality(scopes) > 0 and scopes <@ array['read', 'write']),
    created_at timestamptz not null default now(),
    revoked_at timestamptz,
    last_used_at timestamptz
  )`.execute(db)
}

export async function down (db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists api_key`.execute(db)
}
