// Certifications and licenses in the project's own format (no official list is published):
// CSV with one credential a row, or JSON. See "Credentials file format" in the README.
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import type { CredentialKind, RequirementLevel } from '../db/schema.js'
import { editorialLast } from '../resources/careers/kinds.js'
import { slugify } from './careers.js'
import { citeSource, rowRead, type ImportContext } from './context.js'
import { importError, readTable, type ImportError } from './table.js'
import { upsertRows } from './upsert.js'

const KINDS = new Set<string>(['certification', 'license', 'certificate'])
const LEVELS = new Set<string>(['required', 'typically-required', 'preferred', 'optional'])

export interface CredentialEntry {
  abbreviation: string | null
  name: string
  kind: CredentialKind
  issuer: { abbreviation: string | null, name: string, url: string | null } | null
  jurisdiction: string | null
  requirements: string | null
  renewal: string | null
  careers: Array<{ soc: string, level: RequirementLevel, note: string | null }>
  source: { publisher: string, dataset: string, url: string | null, referencePeriod: string | null }
  /** Reports a bad value of this entry, naming where it is. */
  fail: (field: string, message: string) => ImportError
}

type Field = (name: string) => string | null

/** One entry from named fields, whichever format they came from; `fail` names the place. */
function entryOf (field: Field, fail: (name: string, message: string) => ImportError): CredentialEntry {
  const required = (name: string): string => {
    const value = field(name)
    if (value === null) throw fail(name, 'a value is required')
    return value
  }
  const kind = required('kind').toLowerCase()
  if (!KINDS.has(kind)) throw fail('kind', 'expected certification, license or certificate')
  const issuerName = field('issuer_name') ?? field('issuer')
  const jurisdiction = field('jurisdiction')
  if (issuerName === null && jurisdiction === null) {
    throw fail('issuer', 'a credential needs an issuer or a jurisdiction')
  }
  const url = field('source_url')
  if (url !== null && !/^https?:\/\//.test(url)) throw fail('source_url', 'expected an http(s) URL')
  const issuerUrl = field('issuer_url')
  if (issuerUrl !== null && !/^https?:\/\//.test(issuerUrl)) throw fail('issuer_url', 'expected an http(s) URL')
  const parts = (field('careers') ?? '').split(/[;\n]/).map((part) => part.trim()).filter((part) => part !== '')
  const careers = parts.map((part) => {
    const match = /^([0-9]{2}-[0-9]{4})\s*:\s*([a-z-]+)(?:\s*:\s*(.+))?$/.exec(part)
    if (match?.[1] === undefined || match[2] === undefined || !LEVELS.has(match[2])) {
      throw fail('careers', `"${part}" is not SOC:level (levels: required, typically-required, preferred, optional)`)
    }
    return { soc: match[1], level: match[2] as RequirementLevel, note: match[3]?.trim() ?? null }
  })
  return {
    abbreviation: field('abbreviation'),
    name: required('name'),
    kind: kind as CredentialKind,
    issuer: issuerName === null ? null : { abbreviation: field('issuer'), name: issuerName, url: issuerUrl },
    jurisdiction,
    requirements: field('requirements'),
    renewal: field('renewal'),
    careers,
    source: {
      publisher: required('source_publisher'),
      dataset: required('source_dataset'),
      url,
      referencePeriod: field('source_period'),
    },
    fail,
  }
}

async function * csvEntries (context: ImportContext): AsyncGenerator<CredentialEntry> {
  const spec = { required: ['name', 'kind', 'source_publisher', 'source_dataset'] }
  for await (const row of readTable(context.file, spec)) {
    rowRead(context)
    yield entryOf((name) => row.optionalText(name), (name, message) => row.error(name, message))
  }
}

async function * jsonEntries (context: ImportContext): AsyncGenerator<CredentialEntry> {
  const place = { file: context.file, sheet: null }
  let document: unknown
  try {
    document = JSON.parse(await readFile(context.file, 'utf8'))
  } catch (error) {
    throw importError(place, `not valid JSON: ${(error as Error).message}`)
  }
  const list = (document as { credentials?: unknown } | null)?.credentials
  if (!Array.isArray(list)) throw importError(place, 'expected an object with a "credentials" array')
  for (const [index, item] of list.entries()) {
    rowRead(context)
    const record = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>
    const fail = (name: string, message: string): ImportError =>
      importError({
        ...place,
        row: index + 1,
        column: `credentials[${index}].${name}`,
        value: jsonField(record, name),
      }, message)
    yield entryOf((name) => jsonField(record, name), fail)
  }
}

/** JSON entries nest issuer, source and careers; they are read through the CSV's flat names. */
function jsonField (record: Record<string, unknown>, name: string): string | null {
  const text = (value: unknown): string | null => typeof value === 'string' && value.trim() !== ''
    ? value.trim()
    : (typeof value === 'number' ? String(value) : null)
  const issuer = record.issuer as Record<string, unknown> | null | undefined
  const source = record.source as Record<string, unknown> | undefined
  switch (name) {
    case 'issuer': return text(issuer?.abbreviation)
    case 'issuer_name': return text(issuer?.name)
    case 'issuer_url': return text(issuer?.url)
    case 'source_publisher': return text(source?.publisher)
    case 'source_dataset': return text(source?.dataset)
    case 'source_url': return text(source?.url)
    case 'source_period': return text(source?.referencePeriod)
    case 'careers': {
      if (!Array.isArray(record.careers)) return null
      return record.careers.map((link: { soc?: unknown, level?: unknown, note?: unknown }) =>
        [text(link.soc), text(link.level), text(link.note)].filter((part) => part !== null).join(':')).join(';')
    }
    default: return text(record[name])
  }
}

export async function importCredentials (context: ImportContext): Promise<void> {
  const db = context.db
  const entries = path.extname(context.file).toLowerCase() === '.json' ? jsonEntries(context) : csvEntries(context)
  for await (const entry of entries) {
    const sourceId = await citeSource(context, {
      slug: slugify(`${entry.source.publisher} ${entry.source.dataset}`),
      ...entry.source,
    })
    let issuerId: number | null = null
    if (entry.issuer !== null) {
      const issuer = entry.issuer
      const found = await db.selectFrom('organization').select('id')
        .where((eb) => eb.or([
          eb(eb.fn('lower', ['name']), '=', issuer.name.toLowerCase()),
          ...(issuer.abbreviation === null
            ? []
            : [eb(eb.fn('lower', ['abbreviation']), '=', issuer.abbreviation.toLowerCase())]),
        ])).executeTakeFirst()
      issuerId = found?.id ?? (await db.insertInto('organization').values({
        slug: slugify(issuer.abbreviation ?? issuer.name),
        name: issuer.name,
        abbreviation: issuer.abbreviation,
        url: issuer.url,
      }).returning('id').executeTakeFirstOrThrow()).id
      if (found === undefined) context.summary.add('organization', { inserted: 1 })
    }
    const values = {
      slug: slugify(entry.abbreviation ?? entry.name),
      abbreviation: entry.abbreviation,
      name: entry.name,
      kind: entry.kind,
      issuer_id: issuerId,
      jurisdiction: entry.jurisdiction,
      requirements: entry.requirements,
      renewal: entry.renewal,
      source_id: sourceId,
    }
    const existing = await db.selectFrom('credential').selectAll()
      .where((eb) => entry.abbreviation === null
        ? eb('slug', '=', values.slug)
        : eb(eb.fn('lower', ['abbreviation']), '=', entry.abbreviation.toLowerCase()))
      .executeTakeFirst()
    let credentialId: number
    if (existing === undefined) {
      credentialId = (await db.insertInto('credential').values(values).returning('id').executeTakeFirstOrThrow()).id
      context.summary.add('credential', { inserted: 1 })
    } else {
      credentialId = existing.id
      const changed = (['name', 'kind', 'issuer_id', 'jurisdiction', 'requirements', 'renewal', 'source_id'] as const)
        .some((column) => existing[column] !== values[column])
      if (changed) {
        const { slug: _slug, ...update } = values
        await db.updateTable('credential').set({ ...update, updated_at: new Date() })
          .where('id', '=', existing.id).execute()
      }
      context.summary.add('credential', changed ? { updated: 1 } : { unchanged: 1 })
    }
    const links = []
    for (const link of entry.careers) {
      const career = await db.selectFrom('career').select('id').where('soc_code', '=', link.soc)
        .orderBy(editorialLast()).orderBy('id').limit(1).executeTakeFirst()
      if (career === undefined) {
        throw entry.fail('careers', `no career has SOC code ${link.soc}: import SOC (or add the career) first`)
      }
      links.push({ career_id: career.id, credential_id: credentialId, level: link.level, note: link.note })
      context.summary.careers.add(career.id)
    }
    context.summary.add('career_credential', await upsertRows(db, 'career_credential', links, {
      key: ['career_id', 'credential_id'], update: ['level', 'note'],
    }))
  }
}
