// Editors' writes to credentials, run by the write skeleton (src/writes/edit.ts): one at a
// time, checked against the current representation, audited with every career whose
// profile shows the credential. The column map below is checked by the compiler both ways.
import type { Static } from '@sinclair/typebox'
import { sql, type Selectable, type SqlBool, type Updateable } from 'kysely'
import type { Db } from '../../db/connect.js'
import type { CredentialTable } from '../../db/schema.js'
import { errors } from '../../errors.js'
import type { CredentialInput, CredentialPatch } from './write-schemas.js'
import type { WriteContext } from '../../writes/audit.js'
import type { CredentialBody } from './queries.js'
import type { Queryable } from '../../db/queryable.js'
import { column, columnsOf, type Assert, type ColumnMap, type EveryColumnWritten } from '../../writes/columns.js'
import { create, remove, update, type Editable, type Precondition } from '../edit.js'

export type CredentialInputBody = Static<typeof CredentialInput>
export type CredentialPatchBody = Static<typeof CredentialPatch>
type CredentialRow = Selectable<CredentialTable>

/** A patch with the issuer and source it names found: their ids, or null to clear. */
type ResolvedPatch = Omit<CredentialPatchBody, 'issuer' | 'source'> & { issuer?: number | null, source?: number | null }

const CREDENTIAL_COLUMNS = {
  slug: column('slug'),
  abbreviation: column('abbreviation'),
  name: column('name'),
  kind: column('kind'),
  issuer: column('issuer_id'),
  jurisdiction: column('jurisdiction'),
  requirements: column('requirements'),
  renewal: column('renewal'),
  source: column('source_id'),
} satisfies ColumnMap<ResolvedPatch, CredentialTable>
// Compiles only while every column is written by a field above or named here as not editable.
type _CredentialColumnsCovered =
  Assert<EveryColumnWritten<CredentialTable, typeof CREDENTIAL_COLUMNS, 'id' | 'updated_at'>>

/** The issuing body named by slug or abbreviation; a 400 naming the issuer field when none. */
async function issuerId (trx: Queryable, issuer: string | null | undefined): Promise<number | null | undefined> {
  if (issuer === undefined || issuer === null) return issuer
  const row = await trx.selectFrom('organization').select('id')
    .where(sql<SqlBool>`(slug = lower(${issuer}) or lower(abbreviation) = lower(${issuer}))`)
    .executeTakeFirst()
  if (row === undefined) {
    throw errors.unknownIssuer('issuer', issuer)
  }
  return row.id
}

/** The source named by slug; a 400 naming the source field when none. */
async function sourceId (trx: Queryable, slug: string): Promise<number> {
  const row = await trx.selectFrom('source').select('id').where('slug', '=', slug).executeTakeFirst()
  if (row === undefined) throw errors.unknownSource('source', slug, false)
  return row.id
}

async function columns (trx: Queryable, input: CredentialPatchBody): Promise<Updateable<CredentialTable>> {
  const { issuer, source, ...rest } = input
  const resolved: ResolvedPatch = {
    ...rest,
    ...issuer === undefined ? {} : { issuer: await issuerId(trx, issuer) },
    ...source === undefined ? {} : { source: source === null ? null : await sourceId(trx, source) },
  }
  return columnsOf<ResolvedPatch, CredentialTable>(CREDENTIAL_COLUMNS, resolved)
}

function requireGrantor (issuer: number | null | undefined, jurisdiction: string | null | undefined): void {
  if ((issuer ?? null) === null && (jurisdiction ?? null) === null) {
    throw errors.grantorMissing('issuer')
  }
}

/** Credentials as editors change them, found by slug or abbreviation (the slug first). */
const credentialRows: Editable<'credential', string, CredentialRow> = {
  entity: 'credential',
  lock: (trx, key) => trx.selectFrom('credential').selectAll()
    .where(sql<SqlBool>`(slug = lower(${key}) or lower(abbreviation) = lower(${key}))`)
    .orderBy(sql`slug = lower(${key})`, 'desc')
    .limit(1)
    .forUpdate()
    .executeTakeFirst(),
  // Every career that links to it shows it.
  around: async (trx, credential) => {
    const links = await trx.selectFrom('career_credential').select('career_id')
      .where('credential_id', '=', credential.id).execute()
    return { career: links.map((link) => link.career_id) }
  },
}

export async function createCredential (
  db: Db, input: CredentialInputBody, context: WriteContext,
): Promise<CredentialBody> {
  return create(db, 'credential', context, async (trx) => {
    const set = await columns(trx, input)
    requireGrantor(set.issuer_id, set.jurisdiction)
    const row = await trx.insertInto('credential')
      .values({ ...set, slug: input.slug, name: input.name, kind: input.kind })
      .returning('id').executeTakeFirstOrThrow()
    return row.id
  })
}

/** The changed credential, or undefined when none has this key. */
export async function updateCredential (
  db: Db, key: string, patch: CredentialPatchBody, context: WriteContext, precondition: Precondition<CredentialBody>,
): Promise<CredentialBody | undefined> {
  return update(db, credentialRows, key, context, precondition, async (trx, credential) => {
    const set = await columns(trx, patch)
    requireGrantor(
      set.issuer_id === undefined ? credential.issuer_id : set.issuer_id,
      set.jurisdiction === undefined ? credential.jurisdiction : set.jurisdiction,
    )
    if (Object.keys(set).length > 0) {
      await trx.updateTable('credential').set(set).where('id', '=', credential.id).execute()
    }
  })
}

/**
 * Deletes the credential; false when none has this key. One that careers link to is only
 * deleted with `cascade`, which removes those links too.
 */
export async function deleteCredential (
  db: Db, key: string, cascade: boolean, context: WriteContext, precondition: Precondition<CredentialBody>,
): Promise<boolean> {
  return remove(db, credentialRows, key, context, precondition, async (trx, credential) => {
    const linked = (await credentialRows.around(trx, credential)).career?.length ?? 0
    if (!cascade && linked > 0) {
      throw errors.credentialLinked(credential.slug, linked)
    }
    // Its links to careers go with it (on delete cascade).
    await trx.deleteFrom('credential').where('id', '=', credential.id).execute()
  })
}
