// The OpenAPI document's examples are the app's own answers. This is the list of requests
// whose answers they are, keyed by operationId and status, and the capture that sends them:
// `npm run openapi` sends them to the app over a freshly seeded embedded database and
// commits the answers (src/schemas/examples.json); test/openapi.test.ts sends them to its
// own seeded database (PGlite or Postgres) and expects the committed answers.
import type { FastifyInstance, InjectOptions } from 'fastify'
import { insertApiKey } from '../auth/api-keys.js'
import { generateKey, hashKey } from '../auth/keys.js'
import { EXAMPLE_TIME, type Examples } from '../schemas/examples.js'

const TECHNICIAN = '/v1/careers/health-information-technician'
// No career has this key: the 404 examples are what an unknown key answers.
const UNKNOWN = '/v1/careers/nurse-astronaut'

/**
 * The seed holds no school (the reference page names none), so before reading, the capture
 * lists one through the API: these bodies are the only hand-written data, and every example
 * of a program or institution is what the app answers about them. The school is on a
 * reserved `.example` domain so it cannot pass for a real one. Being the first, it gets
 * id 1, and the programs ids 1 and 2.
 */
export const exampleWrites: Array<{ url: string, body: object, example?: string }> = [
  {
    url: '/v1/institutions',
    body: { name: 'Example Community College', city: 'Springfield', state: 'IL', url: 'https://college.example/' },
    example: 'createInstitution',
  },
  {
    url: '/v1/programs',
    body: {
      institutionId: 1,
      name: 'Health Information Technology, A.A.S.',
      awardLevel: 'associate',
      cipCode: '51.0707',
      delivery: 'hybrid',
      url: 'https://college.example/hit',
      tuition: { amount: 4200, year: 2026 },
      sponsored: true,
      sponsorDisclosure: 'Sponsored listing: Example Community College paid to appear here.',
    },
    example: 'createProgram',
  },
  {
    url: '/v1/programs',
    body: {
      institutionId: 1,
      name: 'Health Information Technology Certificate',
      awardLevel: 'certificate',
      cipCode: '51.0707',
      delivery: 'online',
    },
  },
]

/**
 * For each operation and status, the GET whose answer is its example. A write answers the
 * resource as it then is, so its example is the GET of a seeded one. The change feed shows
 * the writes above, the only editor's changes there are.
 */
export const exampleRequests: Record<string, Record<number, string>> = {
  listCareers: { 200: '/v1/careers?soc=29-2072', 400: '/v1/careers?limit=0' },
  getCareer: { 200: TECHNICIAN, 400: `${TECHNICIAN}?limit=0`, 404: UNKNOWN },
  createCareer: { 201: TECHNICIAN },
  updateCareer: { 200: TECHNICIAN },
  listCareerSalaries: {
    200: '/v1/careers/29-2072/salaries', 400: '/v1/careers/29-2072/salaries?limit=0', 404: `${UNKNOWN}/salaries`,
  },
  listCareerOutlook: {
    200: '/v1/careers/29-2072/outlook', 400: '/v1/careers/29-2072/outlook?limit=0', 404: `${UNKNOWN}/outlook`,
  },
  listCareerCredentials: {
    200: '/v1/careers/29-2072/credentials',
    400: '/v1/careers/29-2072/credentials?limit=0',
    404: `${UNKNOWN}/credentials`,
  },
  listRelatedCareers: {
    200: '/v1/careers/29-2072/related', 400: '/v1/careers/29-2072/related?limit=0', 404: `${UNKNOWN}/related`,
  },
  listCareerTechnologySkills: {
    200: '/v1/careers/29-2072/technology-skills',
    400: '/v1/careers/29-2072/technology-skills?limit=0',
    404: `${UNKNOWN}/technology-skills`,
  },
  getCareerInterests: {
    200: '/v1/careers/29-2072/interests', 400: '/v1/careers/29-2072/interests?limit=0', 404: `${UNKNOWN}/interests`,
  },
  listCareerWorkStyles: {
    200: '/v1/careers/29-2072/work-styles',
    400: '/v1/careers/29-2072/work-styles?limit=0',
    404: `${UNKNOWN}/work-styles`,
  },
  putCareerCredential: { 200: TECHNICIAN },
  deleteCareerCredential: { 200: TECHNICIAN },
  putRelatedCareer: { 200: TECHNICIAN },
  deleteRelatedCareer: { 200: TECHNICIAN },
  getCareerSalaryPeriod: { 200: '/v1/careers/29-2072/salaries/2015-05' },
  putCareerSalaryPeriod: { 200: '/v1/careers/29-2072/salaries/2015-05' },
  getCareerOutlookCycle: { 200: '/v1/careers/29-2072/outlook/2014-2024' },
  putCareerOutlookCycle: { 200: '/v1/careers/29-2072/outlook/2014-2024' },
  compareCareers: { 200: '/v1/compare?careers=health-information-technician,health-information-manager' },
  listCredentials: { 200: '/v1/credentials?issuer=ahima' },
  getCredential: { 200: '/v1/credentials/rhit' },
  createCredential: { 201: '/v1/credentials/rhit' },
  updateCredential: { 200: '/v1/credentials/rhit' },
  listIndustries: { 200: '/v1/industries' },
  listAreas: { 200: '/v1/areas' },
  listSources: { 200: '/v1/sources' },
  listChanges: { 200: '/v1/changes' },
  listFieldsOfStudy: { 200: '/v1/fields-of-study?family=51&level=program' },
  getFieldOfStudy: { 200: '/v1/fields-of-study/51.0707' },
  listCareerPrograms: { 200: `${TECHNICIAN}/programs` },
  listPrograms: { 200: '/v1/programs' },
  getProgram: { 200: '/v1/programs/1' },
  updateProgram: { 200: '/v1/programs/1' },
  listInstitutions: { 200: '/v1/institutions' },
  getInstitution: { 200: '/v1/institutions/1' },
  updateInstitution: { 200: '/v1/institutions/1' },
  getLiveness: { 200: '/healthz' },
  getReadiness: { 200: '/readyz' },
}

// Seeded rows carry their load time and written ones the time of the write: an example
// shows one fixed time instead, so a capture is the same on every run and every database.
const STAMPS = new Set(['updatedAt', 'at'])

/** An answer as an example: the JSON body with its time stamps fixed. */
function asExample (body: string): unknown {
  return JSON.parse(body, (key, value: unknown) => STAMPS.has(key) && typeof value === 'string' ? EXAMPLE_TIME : value)
}

async function answer (app: FastifyInstance, request: InjectOptions & { url: string }, status: number) {
  const response = await app.inject(request)
  if (response.statusCode !== status) {
    throw new Error(`${request.method ?? 'GET'} ${request.url} answered ${response.statusCode}, not ${status}: ` +
      response.body)
  }
  return asExample(response.body)
}

/**
 * Sends the writes, then every request, to a seeded app and returns the answers keyed by
 * operationId and status (sorted, so the committed file reads in a stable order). It writes
 * to the app's database: give it one made for the purpose, and capture once.
 */
export async function captureExamples (app: FastifyInstance): Promise<Examples> {
  const key = generateKey()
  await insertApiKey(app.db, 'openapi-examples', hashKey(key), ['write'])
  const examples: Examples = {}
  const keep = (operationId: string, status: number, body: unknown) => {
    examples[operationId] = { ...examples[operationId], [status]: body }
  }
  const headers = { authorization: `Bearer ${key}` }
  for (const { url, body, example } of exampleWrites) {
    const created = await answer(app, { method: 'POST', url, payload: body, headers }, 201)
    if (example !== undefined) keep(example, 201, created)
  }
  for (const [operationId, statuses] of Object.entries(exampleRequests)) {
    for (const [status, url] of Object.entries(statuses)) {
      // A GET succeeds with 200, whatever the status of the write whose example it gives.
      const expected = Number(status) < 300 ? 200 : Number(status)
      keep(operationId, Number(status), await answer(app, { url }, expected))
    }
  }
  // Code point order: the same whatever the machine's locale.
  return Object.fromEntries(Object.entries(examples).sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0))
}
