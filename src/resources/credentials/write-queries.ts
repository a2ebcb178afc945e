// Editors' writes to credentials, run as career writes are (see write-support.ts): one at a
// time, checked against the current representation, audited with every career whose
// profile shows the credential.
import type { Static } from '@sinclair/typebox'
import { sql, type Selectable, type SqlBool, type Updateable } from 'kysely'
import type { Db } from '../../db/connect.js'
import type { CredentialTable } from '../../db/schema.js'
import { HttpProblem, problem } from '../../http/problem.js'
import type { CredentialInput, CredentialPatch } from './write-schemas.js'
import { serializeWrites, type WriteContext } from '../../writes/audit.js'
import type { CredentialBody } from './queries.js'
import type { Queryable } from '../../db/queryable.js'
import { recordSnapshots, snapshot, type Affected, type Precondition } from '../../writes/rows.js'

export type CredentialInputBody = Static<typeof CredentialInput>
export type CredentialPatchBody = Static<typeof CredentialPatch>

/** The issuing body named by slug or abbreviation; a 400 naming body.issuer when none. */
async function issuerId (trx: Queryable, issuer: string | null | undefined): Promise<number | null | undefined> {
  if (issuer === undefined || issuer === null) return issuer
  const row = await trx.selectFrom('organization').select('id')
    .where(sql<SqlBool>`(slug = lower(${issuer}) or lower(abbreviation) = lower(${issuer}))`)
    .executeTakeFirst()
  if (row === undefined) {
    throw HttpProblem.badParameter('body.issuer', `no issuing body has the slug or abbreviation ${issuer}`)
  }
  return row.id
}

/** The source named by slug; a 400 naming `field` when none. */
export async function sourceId (trx: Queryable, slug: string, field: string): Promise<number> {
  const row = await trx.selectFrom('source').select('id').where('slug', '=', slug).executeTakeFirst()
  if (row === undefined) throw HttpProblem.badParameter(field, `no source has the slug ${slug}`)
  return row.id
}

async function columns (trx: Queryable, input: CredentialPatchBody): Promise<Updateable<CredentialTable>> {
  const set: Updateable<CredentialTable> = {}
  if (input.slug !== undefined) set.slug = input.slug
  if (input.abbreviation !== undefined) set.abbreviation = input.abbreviation
  if (input.name !== undefined) set.name = input.name
  if (input.kind !== undefined) set.kind = input.kind
  if (input.issuer !== undefined) set.issuer_id = await issuerId(trx, input.issuer)
  if (input.jurisdiction !== undefined) set.jurisdiction = input.jurisdiction
  if (input.requirements !== undefined) set.requirements = input.requirements
  if (input.renewal !== undefined) set.renewal = input.renewal
  if (input.source !== undefined) {
    set.source_id = input.source === null ? null : await sourceId(trx, input.source, 'body.source')
  }
  return set
}

function requireGrantor (issuer: number | null | undefined, jurisdiction: string | null | undefined): void {
  if ((issuer ?? null) === null && (jurisdiction ?? null) === null) {
    throw HttpProblem.badParameter('body.issuer', 'a credential needs an issuer or a jurisdiction')
  }
}

/** Finds and locks the credential by slug or abbreviation, after taking the editors' write lock. */
async function lockCredential (trx: Queryable, key: string): Promise<Selectable<CredentialTable> | undefined> {
  await serializeWrites(trx)
  return trx.selectFrom('credential').selectAll()
    .where(sql<SqlBool>`(slug = lower(${key}) or lower(abbreviation) = lower(${key}))`)
    .orderBy(sql`slug = lower(${key})`, 'desc')
    .limit(1)
    .forUpdate()
    .executeTakeFirst()
}

/** The credential and every career that links to it. */
async function aroundCredential (trx: Queryable, credentialId: number): Promise<Affected> {
  const links = await trx.selectFrom('career_credential').select('career_id')
    .where('credential_id', '=', credentialId).execute()
  return { careers: links.map((link) => link.career_id), credentials: [credentialId] }
}

export async function createCredential (
  db: Db, input: CredentialInputBody, context: WriteContext,
): Promise<CredentialBody> {
  return db.transaction().execute(async (trx) => {
    await serializeWrites(trx)
    const set = await columns(trx, input)
    requireGrantor(set.issuer_id, set.jurisdiction)
    const row = await trx.insertInto('credential')
      .values({ ...set, slug: input.slug, name: input.name, kind: input.kind })
      .returning('id').executeTakeFirstOrThrow()
    const after = await snapshot(trx, { careers: [], credentials: [row.id] })
    await recordSnapshots(trx, context, { careers: new Map(), credentials: new Map() }, after)
    return after.credentials.get(row.id) as CredentialBody
  })
}

/** The changed credential, or undefined when none has this key. */
export async function updateCredential (
  db: Db, key: string, patch: CredentialPatchBody, context: WriteContext, precondition: Precondition<CredentialBody>,
): Promise<CredentialBody | undefined> {
  return db.transaction().execute(async (trx) => {
    const credential = await lockCredential(trx, key)
    if (credential === undefined) return undefined
    const affected = await aroundCredential(trx, credential.id)
    const before = await snapshot(trx, affected)
    precondition(before.credentials.get(credential.id) as CredentialBody)
    const set = await columns(trx, patch)
    requireGrantor(
      set.issuer_id === undefined ? credential.issuer_id : set.issuer_id,
      set.jurisdiction === undefined ? credential.jurisdiction : set.jurisdiction,
    )
    await trx.updateTable('credential')
      .set({ ...set, updated_at: sql<Date>`greatest(now(), updated_at + interval '1 millisecond')` })
      .where('id', '=', credential.id)
      .execute()
    const after = await snapshot(trx, affected)
    await recordSnapshots(trx, context, before, after)
    return after.credentials.get(credential.id) as CredentialBody
  })
}

/**
 * Deletes the credential; false when none has this key. One that careers link to is only
 * deleted with `cascade`, which removes those links too.
 */
export async function deleteCredential (
  db: Db, key: string, cascade: boolean, context: WriteContext, precondition: Precondition<CredentialBody>,
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const credential = await lockCredential(trx, key)
    if (credential === undefined) return false
    const affected = await aroundCredential(trx, credential.id)
    const before = await snapshot(trx, affected)
    precondition(before.credentials.get(credential.id) as CredentialBody)
    if (!cascade && affected.careers.length > 0) {
      throw new HttpProblem(problem(409, `${credential.slug} is linked to ${affected.careers.length} career(s); ` +
        'delete with cascade=true to remove those links too.', { kind: 'conflict' }))
    }
    // Its links to careers go with it (on delete cascade).
    await trx.deleteFrom('credential').where('id', '=', credential.id).execute()
    await recordSnapshots(trx, context, before, await snapshot(trx, affected))
    return true
  })
}
