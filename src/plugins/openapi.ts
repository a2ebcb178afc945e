// The OpenAPI 3.1 document, generated from the routes' schemas and served at /openapi.json.
import swagger from '@fastify/swagger'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { committedExamples, type Examples } from '../schemas/examples.js'
import { documentedSchema, securitySchemes, shareComponents } from './openapi-answers.js'

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

interface Media { example?: unknown }
interface Operation {
  operationId?: string
  responses?: Record<string, { content?: Record<string, Media> } | undefined>
}
interface Operations { paths?: Record<string, Record<string, Operation | undefined> | undefined> }

/**
 * Puts each captured example (src/schemas/examples.ts) on its operation's response, over any
 * example the route gave, and answers those that name no response of the document (the
 * capture's requests and the routes disagree). `previous`, an earlier capture, names
 * examples to take off first, so that one a fresh capture no longer has does not linger.
 */
export function placeExamples (document: object, examples: Examples, previous: Examples = {}): string[] {
  const operations = new Map<string, Operation>()
  for (const methods of Object.values((document as Operations).paths ?? {})) {
    for (const operation of Object.values(methods ?? {})) {
      if (operation?.operationId !== undefined) operations.set(operation.operationId, operation)
    }
  }
  // Each response with a body has one media type: JSON, or problem+json for problems.
  const media = (operationId: string, status: string): Media | undefined => {
    const types = Object.values(operations.get(operationId)?.responses?.[status]?.content ?? {})
    return types.length === 1 ? types[0] : undefined
  }
  for (const [operationId, statuses] of Object.entries(previous)) {
    for (const status of Object.keys(statuses)) {
      const entry = media(operationId, status)
      if (entry !== undefined && examples[operationId]?.[status] === undefined) delete entry.example
    }
  }
  const unplaced: string[] = []
  for (const [operationId, statuses] of Object.entries(examples)) {
    for (const [status, example] of Object.entries(statuses)) {
      const entry = media(operationId, status)
      if (entry === undefined) unplaced.push(`${operationId} ${status}`)
      else entry.example = example
    }
  }
  return unplaced
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
      components: { securitySchemes },
      // Each operation says whether a key is needed (writes) or optional (reads).
      security: [],
      tags,
    },
    transform: ({ schema, url, route }) => ({ schema: documentedSchema(schema, route), url }),
    transformObject: (document) => {
      const openapi = 'openapiObject' in document ? document.openapiObject : document.swaggerObject
      // One left over is stale until the next `npm run openapi`, whose generator refuses it.
      placeExamples(openapi, committedExamples)
      return shareComponents(defaultedParametersOptional(openapi))
    },
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
