// Generates the OpenAPI document from the routes, with the examples captured from the app
// over a freshly seeded embedded database (example-capture.ts). The document itself is
// built without a database.
import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { Kysely, PostgresDialect } from 'kysely'
import { buildApp } from '../app.js'
import { loadConfig, type Config } from '../config.js'
import { openDatabase } from '../db/open.js'
import type { Database } from '../db/schema.js'
import { placeExamples } from '../plugins/openapi.js'
import { committedExamples, type Examples } from '../schemas/examples.js'
import { captureExamples } from './example-capture.js'

/** The committed files, relative to the project root where npm scripts run. */
export const OPENAPI_PATH = path.resolve('openapi/openapi.json')
export const EXAMPLES_PATH = path.resolve('src/schemas/examples.json')

export interface OpenapiFiles { document: string, examples: string }

const COMMITTED: OpenapiFiles = { document: OPENAPI_PATH, examples: EXAMPLES_PATH }

/** A Kysely whose every query fails: building routes needs one, generating the document does not. */
function offlineDb (): Kysely<Database> {
  const pool = {
    connect: () => Promise.reject(new Error('no database while generating the OpenAPI document')),
    end: () => Promise.resolve(),
  }
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
}

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`

/**
 * The examples as the app answers over the seed: a new in-memory embedded database, migrated
 * and seeded whatever the environment names, so every run captures from the same data.
 */
export async function captureFromSeed (): Promise<Examples> {
  const config: Config = {
    ...loadConfig({}),
    logLevel: 'silent',
    databaseUrl: null,
    databaseReadUrl: null,
    pgliteDir: null,
    migrateOnStart: true,
    seedOnStart: true,
    // The examples are the seed's answers: small, and the same whatever the dataset's release.
    datasetOnStart: false,
  }
  const database = await openDatabase(config)
  try {
    const app = await buildApp({ config, db: database.db })
    try {
      return await captureExamples(app)
    } finally {
      await app.close()
    }
  } finally {
    await database.close()
  }
}

/**
 * The document with the given examples. The app places the committed ones as it builds; a
 * fresh capture replaces them here, so one run of `npm run openapi` suffices after a change.
 */
export async function generateOpenapi (examples: Examples = committedExamples): Promise<string> {
  const app = await buildApp({ config: { ...loadConfig({}), logLevel: 'silent' }, db: offlineDb() })
  try {
    await app.ready()
    const document = structuredClone(app.swagger())
    const unplaced = placeExamples(document, examples, committedExamples)
    if (unplaced.length > 0) throw new Error(`examples for responses the routes do not have: ${unplaced.join(', ')}`)
    return json(document)
  } finally {
    await app.close()
  }
}

/** Writes the examples and the document; `examples` defaults to a fresh capture. */
export async function writeOpenapi (files: OpenapiFiles = COMMITTED, examples?: Examples): Promise<void> {
  const captured = examples ?? await captureFromSeed()
  await writeFile(files.examples, json(captured))
  await writeFile(files.document, await generateOpenapi(captured))
}

/** Whether either file differs from what a fresh capture (or the one given) makes. */
export async function openapiDrift (files: OpenapiFiles = COMMITTED, examples?: Examples): Promise<boolean> {
  const captured = examples ?? await captureFromSeed()
  const committed = async (file: string) => readFile(file, 'utf8').catch(() => '')
  return await committed(files.examples) !== json(captured) ||
    await committed(files.document) !== await generateOpenapi(captured)
}
