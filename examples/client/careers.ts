// A partner's program over a client generated from openapi/openapi.json (see README,
// "Generating a client"): fetch a career, its salaries, a comparison with another career, and
// search. Run with CAREER_FACTS_URL set to the service, e.g.
// `CAREER_FACTS_URL=http://127.0.0.1:3000 npx tsx examples/client/careers.ts <key> [<other key>]`.
import createClient from 'openapi-fetch'
import type { paths } from './schema.js'

const client = createClient<paths>({ baseUrl: process.env.CAREER_FACTS_URL ?? 'http://127.0.0.1:3000' })

/** The body of a 2xx answer; a problem (4xx/5xx) stops the program with its detail. */
function ok<T> (result: { data?: T, error?: { detail: string }, response: Response }): T {
  if (result.data === undefined) throw new Error(`${result.response.status}: ${result.error?.detail ?? 'no body'}`)
  return result.data
}

const key = process.argv[2] ?? 'health-information-technician'
const other = process.argv[3] ?? 'health-information-manager'

const career = ok(await client.GET('/v1/careers/{key}', { params: { path: { key } } }))
const salaries = ok(await client.GET('/v1/careers/{key}/salaries', { params: { path: { key } } }))
const comparison = ok(await client.GET('/v1/compare', { params: { query: { careers: `${key},${other}` } } }))
const search = ok(await client.GET('/v1/careers', { params: { query: { q: 'medical records', limit: 5 } } }))

process.stdout.write(`${JSON.stringify({
  career: {
    slug: career.slug,
    title: career.title,
    socCode: career.socCode,
    annualMean: career.wage?.annual.mean ?? null,
  },
  salaries: salaries.data.map((estimate) => ({ period: estimate.period, annualMean: estimate.annual.mean })),
  comparison: comparison.careers.map((compared) => ({
    slug: compared.career.slug,
    growthPercent: compared.outlook?.changePercent ?? null,
    annualMean: compared.wage?.annual.mean ?? null,
  })),
  search: search.data.map((found) => found.slug),
}, null, 2)}\n`)
