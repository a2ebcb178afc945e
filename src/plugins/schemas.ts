// Registers every schema with an $id once; routes refer to them by $id.
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { resources } from '../resources/index.js'
import { sharedSchemas } from '../schemas/common.js'

/** The shared pieces, then each resource's schemas, as src/resources/index.ts lists them. */
export const allSchemas = [...sharedSchemas, ...resources.flatMap((resource) => resource.schemas)]

async function schemasPlugin (app: FastifyInstance): Promise<void> {
  for (const schema of allSchemas) app.addSchema(schema)
}

export default fp(schemasPlugin, { name: 'schemas', fastify: '5.x' })
