// Validators and serializers are compiled when a route first needs them, once, and then
// behave as eagerly compiled ones do: coercion, Ajv's error messages, fields left out.
import Fastify from 'fastify'
import t from 'tap'
import { AjvCompiler } from '@fastify/ajv-compiler'
import { SerializerSelector } from '@fastify/fast-json-stringify-compiler'
import {
  referencedSchemas,
  serializersOnUse,
  validatorsOnUse,
  type BuildSerializer,
  type BuildValidator,
} from '../src/http/compile-on-use.js'

function countingApp (): { app: ReturnType<typeof Fastify>, compiled: { validators: number, serializers: number } } {
  const compiled = { validators: 0, serializers: 0 }
  const ajv = AjvCompiler()
  const buildValidator: BuildValidator = (externalSchemas, options) => {
    const compile = ajv(externalSchemas, options)
    return (route) => {
      compiled.validators++
      return compile(route)
    }
  }
  const fjs = SerializerSelector()
  const buildSerializer: BuildSerializer = (externalSchemas, options) => {
    const compile = fjs(externalSchemas, options)
    return (route) => {
      compiled.serializers++
      return compile(route)
    }
  }
  const app = Fastify({
    schemaController: {
      compilersFactory: {
        buildValidator: validatorsOnUse(buildValidator),
        buildSerializer: serializersOnUse(buildSerializer),
      },
    },
    ajv: { customOptions: { coerceTypes: 'array', allErrors: true, removeAdditional: false } },
  })
  app.get('/used', {
    schema: {
      querystring: { type: 'object', properties: { n: { type: 'integer', minimum: 1 } }, additionalProperties: false },
      response: { 200: { type: 'object', properties: { n: { type: 'integer' }, kind: { type: 'string' } } } },
    },
  }, async (request) => ({
    n: (request.query as { n?: number }).n ?? 0,
    kind: typeof (request.query as { n?: unknown }).n,
    secret: 'left out',
  }))
  app.addSchema({ $id: 'Inner', type: 'object', properties: { x: { type: 'integer' } } })
  app.addSchema({
    $id: 'Outer',
    type: 'object',
    properties: { inner: { $ref: 'Inner#' }, list: { type: 'array', items: { $ref: 'Inner' } } },
  })
  app.addSchema({ $id: 'Unrelated', type: 'object', properties: { y: { type: 'string' } } })
  app.get('/shared', { schema: { response: { 200: { $ref: 'Outer#' } } } }, async () => ({
    inner: { x: 1, z: 2 },
    list: [{ x: '2' }],
    other: true,
  }))
  app.get('/unused', {
    schema: {
      querystring: { type: 'object', properties: { q: { type: 'string' } } },
      response: { 200: { type: 'object', properties: { q: { type: 'string' } } } },
    },
  }, async () => ({ q: '' }))
  return { app, compiled }
}

t.test('nothing is compiled before a route is used, each once after', async (t) => {
  const { app, compiled } = countingApp()
  t.teardown(() => app.close())
  await app.ready()
  t.same(compiled, { validators: 0, serializers: 0 })

  const first = await app.inject({ url: '/used?n=3' })
  t.equal(first.statusCode, 200)
  t.same(first.json(), { n: 3, kind: 'number' }, 'the query is coerced and the answer keeps only its schema\'s fields')
  t.same(compiled, { validators: 1, serializers: 1 }, 'only the route used, and not its HEAD twin')

  await app.inject({ url: '/used?n=4' })
  t.same(compiled, { validators: 1, serializers: 1 }, 'compiled once')
})

t.test('a serializer finds the shared schemas its answer refers to, through one another', async (t) => {
  const { app } = countingApp()
  t.teardown(() => app.close())
  const response = await app.inject({ url: '/shared' })
  t.equal(response.statusCode, 200)
  t.same(response.json(), { inner: { x: 1 }, list: [{ x: 2 }] })
})

t.test('the shared schemas a schema refers to', async (t) => {
  const shared = {
    A: { $id: 'A', properties: { b: { $ref: 'B#/properties/c' } } },
    B: { $id: 'B', properties: { c: { type: 'string' } } },
    C: { $id: 'C' },
  }
  t.same(
    Object.keys(referencedSchemas({ anyOf: [{ $ref: 'A' }, { $ref: '#/definitions/local' }] }, shared)),
    ['A', 'B'],
  )
  t.same(Object.keys(referencedSchemas({ type: 'string' }, shared)), [])
  t.equal(
    referencedSchemas({ $ref: 'Missing#' }, shared),
    shared,
    'an unknown reference gets them all, for fast-json-stringify to report',
  )
})

t.test('a failed validation reports Ajv\'s errors', async (t) => {
  const { app } = countingApp()
  t.teardown(() => app.close())
  const response = await app.inject({ url: '/used?n=0&extra=1' })
  t.equal(response.statusCode, 400)
  t.match(response.json().message, /querystring\/n must be >= 1/)
  t.match(response.json().message, /must NOT have additional properties/, 'every error (allErrors)')
})
