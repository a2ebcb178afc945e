// What the partner programs (examples/client/careers.ts, examples/hey-api/careers.ts, the README's
// copy) print when run with their default careers, worked out from the seed and the service itself,
// so that the three client tests hold them to one expectation.
import type { FastifyInstance } from 'fastify'
import * as seed from '../../src/seed/reference-page.js'

export interface ProgramOutput {
  career: unknown
  revalidation: unknown
  salaries: unknown
  comparison: unknown
  search: string[]
  problem: unknown
}

/** The seed's figures for a career, under the SOC 2010 codes they were published with. */
function facts (slug: string) {
  const career = seed.careers.find((c) => c.slug === slug)
  const wage = seed.wages.find((w) => career?.soc2010Codes.includes(w.socCode) && w.industry === null)
  const projection = seed.projections.find((p) => career?.soc2010Codes.includes(p.socCode))
  return { career, wage, projection }
}

/** Every field of the output but `search`, which only has to contain searchFinds. */
export async function expectedOutput (app: FastifyInstance): Promise<Omit<ProgramOutput, 'search'>> {
  const technician = facts('health-information-technician')
  const manager = facts('health-information-manager')
  // The tag the program must have sent back: the one the service gives the career now.
  const etag = (await app.inject({ url: '/v1/careers/health-information-technician' })).headers.etag
  return {
    career: {
      slug: technician.career?.slug,
      title: technician.career?.title,
      socCode: technician.career?.socCode,
      annualMean: technician.wage?.annualMean,
    },
    revalidation: { etag, notModified: true },
    salaries: [{ period: '2015-05', annualMean: technician.wage?.annualMean }],
    comparison: [technician, manager].map(({ career, wage, projection }) => ({
      slug: career?.slug, growthPercent: projection?.changePercent, annualMean: wage?.annualMean,
    })),
    problem: { status: 404, detail: 'No career has the key nurse-astronaut.' },
  }
}

/** A career the search for "medical records" must find. */
export const searchFinds = 'medical-records-administrator'
