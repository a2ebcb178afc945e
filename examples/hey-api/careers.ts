// examples/client/careers.ts over the client @hey-api/openapi-ts generates from the same document
// (settings in openapi-ts.config.ts beside this file): a career, the same career again with its
// ETag (a 304), its salaries, a comparison, a search, and a career that does not exist (a problem).
// Run: CAREER_FACTS_URL=http://127.0.0.1:3000 npx tsx examples/hey-api/careers.ts [<key> [<other key>]]
import { client } from './generated/client.gen.js'
import { compareCareers, getCareer, listCareers, listCareerSalaries, type Problem } from './generated/index.js'

/** An answer the program keeps: its body and the ETag that names it. */
interface Copy<T> { body: T, etag: string | undefined }

/** A 4xx/5xx answer, thrown with its application/problem+json body (RFC 9457). */
class ProblemError extends Error {
  constructor (readonly problem: Problem) {
    super(`${problem.status}: ${problem.detail}`)
  }
}

interface Result<T> { data?: T, error?: Problem | string, response: Response }

/** The body of a 2xx answer and its ETag; any other answer throws ProblemError. */
function ok<T> ({ data, error, response }: Result<T>): Copy<T> {
  if (data !== undefined) return { body: data, etag: response.headers.get('etag') ?? undefined }
  // A body that is no problem (a proxy's error page, say) still throws, with its status and text.
  throw new ProblemError(typeof error === 'object' ? error : {
    type: 'about:blank', title: response.statusText, status: response.status, detail: error ?? '',
  })
}

/**
 * The answer to a GET sent with If-None-Match: the copy held, marked notModified, when the server
 * says 304 (no body; hey-api's client then gives no data and an empty string as the error, so
 * only the status tells a 304 from a problem), otherwise the new copy, as ok() reads it.
 */
function revalidated<T> (result: Result<T>, held: Copy<T>): Copy<T> & { notModified: boolean } {
  if (result.response.status === 304) return { ...held, notModified: true }
  return { ...ok(result), notModified: false }
}

client.setConfig({ baseUrl: process.env.CAREER_FACTS_URL ?? 'http://127.0.0.1:3000' })
const key = process.argv[2] ?? 'health-information-technician'
const other = process.argv[3] ?? 'health-information-manager'

const career = ok(await getCareer({ path: { key } }))
const again = revalidated(await getCareer({ path: { key }, headers: { 'if-none-match': career.etag } }), career)
const salaries = ok(await listCareerSalaries({ path: { key } })).body
const comparison = ok(await compareCareers({ query: { careers: `${key},${other}` } })).body
const search = ok(await listCareers({ query: { q: 'medical records', limit: 5 } })).body
// Without ok(), a problem is the typed `error` of the result.
const missing = await getCareer({ path: { key: 'nurse-astronaut' } })

process.stdout.write(`${JSON.stringify({
  career: {
    slug: career.body.slug,
    title: career.body.title,
    socCode: career.body.socCode,
    annualMean: career.body.wage?.annual.mean ?? null,
  },
  revalidation: { etag: career.etag, notModified: again.notModified },
  salaries: salaries.data.map((estimate) => ({ period: estimate.period, annualMean: estimate.annual.mean })),
  comparison: comparison.careers.map((compared) => ({
    slug: compared.career.slug,
    growthPercent: compared.outlook?.changePercent ?? null,
    annualMean: compared.wage?.annual.mean ?? null,
  })),
  search: search.data.map((found) => found.slug),
  problem: { status: missing.response.status, detail: missing.error?.detail ?? null },
}, null, 2)}\n`)
