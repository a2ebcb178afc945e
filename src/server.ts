// Boots the service: read config, open the database, build the app, listen, and shut down
// cleanly on SIGTERM/SIGINT within SHUTDOWN_TIMEOUT.
import { buildApp } from './app.js'
import { ConfigError, loadConfig } from './config.js'
import { openDatabase } from './db/open.js'
import { closeWithin } from './shutdown.js'

async function main (): Promise<void> {
  const config = loadConfig()
  // The pool may lose an idle connection before the app (and its logger) exists.
  let connectionLost = (error: Error): void => { process.stderr.write(`database connection lost: ${error.message}\n`) }
  const database = await openDatabase(config, { onConnectionLost: (error) => connectionLost(error) })
  const app = await buildApp({
    config,
    db: database.db,
    readDb: database.readDb,
    changes: database.changes,
    onClose: database.close,
    poolStats: database.poolStats,
  })
  connectionLost = (error) => {
    app.log.warn({ err: error.message }, 'idle database connection lost; the pool opens another when needed')
  }

  const shutdown = (signal: string): void => {
    app.log.info({ signal }, 'shutting down')
    void closeWithin(app, config.shutdownTimeout * 1000).then((code) => {
      app.log.info({ code }, 'stopped')
      process.exit(code)
    })
  }
  process.once('SIGTERM', shutdown)
  process.once('SIGINT', shutdown)

  await app.listen({ port: config.port, host: config.host })
  app.log.info({ database: database.driver }, 'ready')
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`)
    process.exit(2)
  }
  process.stderr.write(`failed to start: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`)
  process.exit(1)
})
