import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { Ajv } from 'ajv'
import addFormats from 'ajv-formats'
import t from 'tap'
import { openapiDrift, writeOpenapi } from '../src/cli/openapi.js'
import { allSchemas } from '../src/plugins/schemas.js'
import { EXAMPLE_TIME } from '../src/schemas/examples.js'
import { setupApp } from './helpers/app.js'

const { app } = await setupApp(t)

interface Media { schema?: { $ref?: string }, example?: unknown }
interface Parameter { name: string, required?: boolean, schema?: { default?: unknown } }
interface Operation {
  operationId?: string
  tags?: string[]
  summary?: string
  description?: string
  parameters?: Parameter[]
  responses: Record<string, { content?: Record<string, Media> }>
}
interface Document {
  openapi: string
  paths: Record<string, Record<string, Operation>>
  components: { schemas: Record<string, unknown> }
}

t.test('the committed document is what the code generates', async (t) => {
  t.equal(await openapiDrift(), false, 'openapi/openapi.json is stale: run npm run openapi')
})

t.test('the CLI writes the document and notices drift', async (t) => {
  const file = path.join(await mkdtemp(path.join(os.tmpdir(), 'openapi-')), 'openapi.json')
  await writeOpenapi(file)
  t.equal(await openapiDrift(file), false)
  await writeFile(file, '{}')
  t.equal(await openapiDrift(file), true)
})

t.test('npm run openapi writes the document; --check tells a stale copy', async (t) => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'career-facts-openapi-'))
  t.teardown(() => rm(dir, { recursive: true, force: true }))
  const file = path.join(dir, 'openapi.json')
  await writeOpenapi(file)
  t.equal(await openapiDrift(file), false, 'a fresh copy is current')
  await writeFile(file, (await readFile(file, 'utf8')).replace('Career Facts API', 'Old title'))
  t.equal(await openapiDrift(file), true, 'an edited copy is stale')
})

t.test('the served document names shared shapes and describes every operation', async (t) => {
  const response = await app.inject({ url: '/openapi.json' })
  t.equal(response.statusCode, 200)
  const doc = response.json<Document>()
  t.equal(doc.openapi, '3.1.0')
  for (const name of [
    'Problem', 'Career', 'CareerList', 'CareerSummary', 'WageEstimate', 'WageEstimateList', 'Footnote', 'Projection',
    'ProjectionList', 'Source', 'SourceList', 'Industry', 'IndustryList', 'Area', 'AreaList', 'Credential',
    'CredentialSummary', 'CredentialList', 'CredentialCareer', 'CareerCredential', 'CareerCredentialList',
    'RelatedCareer', 'RelatedCareerList', 'Comparison', 'ComparedCareer',
  ]) {
    t.ok(doc.components.schemas[name], `components.schemas.${name}`)
  }
  const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({ where: `${method.toUpperCase()} ${path}`, operation })))
  t.ok(operations.length >= 4)
  const ids = new Set<string>()
  for (const { where, operation } of operations) {
    t.type(operation.operationId, 'string', `${where} operationId`)
    t.ok((operation.tags ?? []).length > 0, `${where} tag`)
    t.type(operation.summary, 'string', `${where} summary`)
    t.type(operation.description, 'string', `${where} description`)
    t.ok(Object.keys(operation.responses).some((status) => status.startsWith('2')), `${where} success response`)
    t.notOk(ids.has(operation.operationId ?? ''), `${where} operationId is unique`)
    ids.add(operation.operationId ?? '')
  }
  const routes = ['/v1/careers/{key}/salaries', '/v1/careers/{key}/outlook', '/v1/careers/{key}/credentials',
    '/v1/careers/{key}/related', '/v1/compare', '/v1/credentials', '/v1/credentials/{key}', '/v1/industries',
    '/v1/areas', '/v1/sources']
  for (const path of routes) {
    const ok = doc.paths[path]?.get?.responses['200']
    t.match(JSON.stringify(ok), /#\/components\/schemas\/\w+"/, `${path}: its answer is a named schema`)
    t.match(
      JSON.stringify(doc.paths[path]?.get?.responses['400']),
      /application\/problem\+json/,
      `${path}: 400 is a problem`,
    )
  }
  const defaulted = operations.flatMap(({ where, operation }) => (operation.parameters ?? [])
    .filter((parameter) => parameter.required === true && parameter.schema?.default !== undefined)
    .map((parameter) => `${where} ${parameter.name}`))
  t.same(defaulted, [], 'a parameter with a default is optional: clients need not send it')
  t.equal(
    doc.paths['/v1/compare']?.get?.parameters?.find((parameter) => parameter.name === 'careers')?.required,
    true,
    'one without stays required',
  )
  const career = doc.paths['/v1/careers/{key}']?.get
  t.match(JSON.stringify(career?.responses['200']), /#\/components\/schemas\/Career"/)
  t.match(JSON.stringify(career?.responses['404']), /application\/problem\+json.*#\/components\/schemas\/Problem/)
})

t.test('every success answer with a body shows an example, and every example matches its schema', async (t) => {
  const doc = JSON.parse(await readFile(new URL('../openapi/openapi.json', import.meta.url), 'utf8')) as Document
  // Ajv, as Fastify uses it: every shared schema is known by its $id.
  const ajv = new Ajv({ allErrors: true, strict: false })
  addFormats.default(ajv)
  for (const schema of allSchemas) ajv.addSchema(schema)
  let checked = 0
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      for (const [status, entry] of Object.entries(operation.responses)) {
        for (const [type, media] of Object.entries(entry.content ?? {})) {
          const where = `${method.toUpperCase()} ${path} ${status} ${type}`
          if (status.startsWith('2')) t.not(media.example, undefined, `${where} has an example`)
          if (media.example === undefined) continue
          const name = media.schema?.$ref?.replace('#/components/schemas/', '')
          const validate = name === undefined ? undefined : ajv.getSchema(name)
          t.ok(validate, `${where}: the example's schema is a named shared schema`)
          if (validate === undefined) continue
          validate(media.example)
          t.same(validate.errors ?? [], [], `${where} example is a valid ${name}`)
          checked++
        }
      }
    }
  }
  t.ok(checked >= 20, `${checked} examples checked`)
})

t.test('the examples are what the seeded service answers', async (t) => {
  const doc = (await app.inject({ url: '/openapi.json' })).json<Document>()
  const examples = new Map(Object.values(doc.paths).flatMap((methods) => Object.values(methods)).map((operation) =>
    [operation.operationId, operation.responses['200']?.content?.['application/json']?.example]))
  // The request each read operation's example answers. Writes and the change feed change
  // data, so their examples are only checked against the schema above.
  const requests: Record<string, string> = {
    listCareers: '/v1/careers?soc=29-2072',
    getCareer: '/v1/careers/health-information-technician',
    listCareerSalaries: '/v1/careers/29-2072/salaries',
    listCareerOutlook: '/v1/careers/29-2072/outlook',
    listCareerCredentials: '/v1/careers/29-2072/credentials',
    listRelatedCareers: '/v1/careers/29-2072/related',
    compareCareers: '/v1/compare?careers=health-information-technician,health-information-manager',
    listCredentials: '/v1/credentials?issuer=ahima',
    getCredential: '/v1/credentials/rhit',
    listIndustries: '/v1/industries',
    listAreas: '/v1/areas',
    listSources: '/v1/sources',
    getLiveness: '/healthz',
    getReadiness: '/readyz',
  }
  for (const [operationId, url] of Object.entries(requests)) {
    const response = await app.inject({ url })
    t.equal(response.statusCode, 200, url)
    // Load times differ from run to run; the example shows a fixed one.
    const answer = JSON.parse(
      response.body,
      (key, value: unknown) => key === 'updatedAt' ? EXAMPLE_TIME : value,
    ) as unknown
    t.same(answer, examples.get(operationId), `${operationId}: the example is the answer to ${url}`)
  }
})
