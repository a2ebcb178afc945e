#!/usr/bin/env node
// The command line: database upkeep and the OpenAPI document, against whichever database
// the environment names (DATABASE_URL, else the embedded one under PGLITE_DIR).
import { loadConfig } from './config.js'
import { connect } from './db/connect.js'
import { migrateToLatest } from './db/migrate.js'
import { seed } from './seed/load.js'
import { DATASET_USAGE, datasetCommand } from './cli/dataset.js'
import { DATASETS_USAGE, datasetsCommand, parseDatasetsArgs } from './cli/datasets.js'
import { IMPORT_USAGE, importCommand, parseImportArgs } from './cli/import.js'
import { keysCommand, KEYS_USAGE } from './cli/keys.js'
import { UsageError } from './cli/usage.js'

const USAGE = `usage: career-facts <command>

commands:
  migrate            apply pending migrations
  seed               load the reference page's facts (skips what exists)
  openapi [--check]  capture the examples and write openapi/openapi.json, or with --check fail when
                     it or src/schemas/examples.json is out of date
${IMPORT_USAGE}
${DATASETS_USAGE}
${DATASET_USAGE}
${KEYS_USAGE}`

async function withDatabase (work: (db: Awaited<ReturnType<typeof connect>>['db']) => Promise<void>): Promise<void> {
  const config = loadConfig()
  const handle = await connect({ databaseUrl: config.databaseUrl, pgliteDir: config.pgliteDir, poolMax: 2 })
  try {
    await work(handle.db)
  } finally {
    await handle.close()
  }
}

async function main (args: string[]): Promise<number> {
  const [command, ...rest] = args
  switch (command) {
    case 'migrate':
      await withDatabase(async (db) => {
        const result = await migrateToLatest(db)
        const applied = result.results?.map((r) => r.migrationName) ?? []
        process.stdout.write(applied.length === 0 ? 'schema is up to date\n' : `applied ${applied.join(', ')}\n`)
      })
      return 0
    case 'seed':
      await withDatabase(async (db) => {
        await migrateToLatest(db)
        await seed(db)
        process.stdout.write('seed loaded\n')
      })
      return 0
    case 'import': {
      await importCommand(loadConfig(), parseImportArgs(rest))
      return 0
    }
    case 'dataset': {
      await datasetCommand(loadConfig(), rest, process.stdout)
      return 0
    }
    case 'datasets': {
      await datasetsCommand(loadConfig(), parseDatasetsArgs(rest))
      return 0
    }
    case 'openapi': {
      // The whole app builds the document; the other commands never load it.
      const { openapiDrift, writeOpenapi, OPENAPI_PATH } = await import('./cli/openapi.js')
      if (rest.includes('--check')) {
        if (await openapiDrift()) {
          process.stderr.write(`${OPENAPI_PATH} or its examples differ from what the code generates: ` +
            'run npm run openapi\n')
          return 1
        }
        process.stdout.write('openapi document is current\n')
        return 0
      }
      await writeOpenapi()
      process.stdout.write(`wrote ${OPENAPI_PATH}\n`)
      return 0
    }
    case 'keys': {
      let code = 0
      await withDatabase(async (db) => {
        await migrateToLatest(db)
        code = await keysCommand(db, rest, {
          out: (line) => process.stdout.write(`${line}\n`),
          err: (line) => process.stderr.write(`${line}\n`),
        })
      })
      return code
    }
    default:
      process.stderr.write(USAGE)
      return command === undefined || command === 'help' || command === '--help' ? 0 : 2
  }
}

main(process.argv.slice(2)).then((code) => { process.exitCode = code }, (error: unknown) => {
  // Bad configuration, usage or files get their message alone; only a message, never a stack.
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`)
  if (error instanceof UsageError) process.stderr.write(USAGE)
  process.exitCode = error instanceof UsageError ? 2 : 1
})
