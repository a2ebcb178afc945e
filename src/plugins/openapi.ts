// The OpenAPI 3.1 document, generated from the routes' schemas and served at /openapi.json.
import swagger from '@fastify/swagger'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'

export const API_VERSION = '1.0.0'

export const tags = [
  { name: 'careers', description: 'Careers: search, profiles, wages, outlook and relations.' },
  { name: 'credentials', description: 'Certifications, licenses and certificates, and the careers they serve.' },
  {
    name: 'fields of study',
    description: 'CIP 2020 fields of study (codes are strings) and their links to occupations.',
  },
  {
    name: 'programs',
    description: 'Degree programs and the institutions that offer them; ' +
      'sponsored listings are always marked with their disclosure.',
  },
  { name: 'reference', description: 'Code lists (industries, areas) and the sources figures cite.' },
  { name: 'changes', description: 'The change feed: editors\' changes in commit order, for mirroring.' },
  { name: 'health', description: 'Liveness and readiness for load balancers and orchestrators.' },
  { name: 'meta', description: 'The API contract itself.' },
]

interface Parameter { required?: boolean, schema?: { default?: unknown } }
interface Paths { paths?: Record<string, Record<string, { parameters?: Parameter[] } | undefined> | undefined> }

/**
 * A parameter with a default need not be sent: the server fills it in. Fastify states every
 * parameter its schema requires as required, which would make clients send the defaults.
 */
export function defaultedParametersOptional<T extends object> (document: T): T {
  // Only the parameter lists are read, through this narrow view of the OpenAPI types.
  for (const operations of Object.values((document as Paths).paths ?? {})) {
    for (const operation of Object.values(operations ?? {})) {
      for (const parameter of operation?.parameters ?? []) {
        if (parameter.required === true && parameter.schema?.default !== undefined) delete parameter.required
      }
    }
  }
  return document
}

async function openapiPlugin (app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Career Facts API',
        version: API_VERSION,
        description: 'Careers, credentials, salaries and job outlook, every figure with its source. ' +
          'Errors are RFC 9457 problem details.',
        license: { name: 'MIT', identifier: 'MIT' },
      },
      // Relative: clients put the host they deploy against in front.
      servers: [{ url: '/', description: 'This service' }],
      // Reading is open to every partner; no operation needs credentials yet.
      security: [],
      tags,
    },
    transformObject: (document) => defaultedParametersOptional(
      'openapiObject' in document ? document.openapiObject : document.swaggerObject,
    ),
    // Keep each shared schema's $id as its name under components.schemas.
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, i) => typeof json.$id === 'string' ? json.$id : `Schema${i}`,
    },
  })

  app.get('/openapi.json', {
    schema: { hide: true },
  }, async () => app.swagger())
}

export default fp(openapiPlugin, { name: 'openapi', fastify: '5.x', dependencies: ['schemas'] })
