// Makes the Kysely instance available to routes as app.db.
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import type { Db } from '../db/connect.js'

declare module 'fastify' {
  interface FastifyInstance {
    db: Db
  }
}

async function databasePlugin (app: FastifyInstance, options: { db: Db }): Promise<void> {
  app.decorate('db', options.db)
}

export default fp(databasePlugin, { name: 'database', fastify: '5.x' })
