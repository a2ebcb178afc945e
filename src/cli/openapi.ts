// Generates the OpenAPI document from the routes; no database is touched.
import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { Kysely, PostgresDialect } from 'kysely'
import { buildApp } from '../app.js'
import { loadConfig } from '../config.js'
import type { Database } from '../db/schema.js'

/** The committed document, relative to the project root where npm scripts run. */
export const OPENAPI_PATH = path.resolve('openapi/openapi.json')

/** A Kysely whose every query fails: building routes needs one, generating the document does not. */
function offlineDb (): Kysely<Database> {
  const pool = {
    connect: () => Promise.reject(new Error('no database while generating the OpenAPI document')),
    end: () => Promise.resolve(),
  }
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
}

export async function generateOpenapi (): Promise<string> {
  const app = await buildApp({ config: { ...loadConfig({}), logLevel: 'silent' }, db: offlineDb() })
  try {
    await app.ready()
    return `${JSON.stringify(app.swagger(), null, 2)}\n`
  } finally {
    await app.close()
  }
}

export async function writeOpenapi (file: string = OPENAPI_PATH): Promise<void> {
  await writeFile(file, await generateOpenapi())
}

export async function openapiDrift (file: string = OPENAPI_PATH): Promise<boolean> {
  const committed = await readFile(file, 'utf8').catch(() => '')
  return committed !== await generateOpenapi()
}
