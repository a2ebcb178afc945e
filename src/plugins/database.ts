// Makes the Kysely instances available to routes: app.db, the primary, for writes and for
// anything that must see them at once (keys, audit); app.readDb for GET answers, a read
// replica when DATABASE_READ_URL is set, else the primary too.
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import type { Db } from '../db/connect.js'

declare module 'fastify' {
  interface FastifyInstance {
    db: Db
    readDb: Db
  }
}

async function databasePlugin (app: FastifyInstance, options: { db: Db, readDb?: Db }): Promise<void> {
  app.decorate('db', options.db)
  app.decorate('readDb', options.readDb ?? options.db)
}

export default fp(databasePlugin, { name: 'database', fastify: '5.x' })
