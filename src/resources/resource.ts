// What a resource module gives the app: the schemas its routes refer to by $id, and its
// route plugins. src/resources/index.ts lists them; the app registers each route plugin
// under the resource's prefix and the schema plugin registers every schema once.
import type { TSchema } from '@sinclair/typebox'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'

export interface Resource {
  schemas: TSchema[]
  routes: FastifyPluginAsyncTypebox[]
  /** '/v1' for the API; operational endpoints sit at the root. */
  prefix: '/v1' | ''
}
