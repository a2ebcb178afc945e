// Example answers for the OpenAPI document, taken from the seeded reference data (lists
// shortened). Typed by the schemas they illustrate; test/openapi.test.ts also validates them.
import type { Static } from '@sinclair/typebox'
import { problem } from '../http/problem.js'
import type { Career, CareerList } from './careers.js'
import type { ProblemBody, Source } from './common.js'

const blsWages: Static<typeof Source> = {
  slug: 'bls-oews-2015-05',
  publisher: 'U.S. Bureau of Labor Statistics',
  dataset: 'Occupational Employment and Wage Statistics',
  referencePeriod: 'May 2015',
  url: 'https://www.bls.gov/oes/',
  notice: null,
}

const blsProjections: Static<typeof Source> = {
  slug: 'bls-ep-2014-24',
  publisher: 'U.S. Bureau of Labor Statistics',
  dataset: 'Employment Projections',
  referencePeriod: '2014–24',
  url: 'https://www.bls.gov/emp/',
  notice: null,
}

const postsecondary = { code: 'postsecondary-nondegree', label: 'Postsecondary nondegree award' }

export const careerExample: Static<typeof Career> = {
  id: 2,
  slug: 'health-information-technician',
  title: 'Health Information Technician',
  socCode: '29-2072',
  alternateTitles: ['Medical Records Specialist', 'Medical Records Technician'],
  summary: 'Health information technicians collect patient medical data in electronic health records and databases and make sure these systems remain secure.',
  duties: ['Organize patient records, test results, medical histories and treatments.', 'Maintain secure and accurate records.'],
  workEnvironment: "Hospitals are the main employers; most jobs are expected in doctors' offices, with hospitals and other health care clinics also hiring.",
  education: {
    typical: postsecondary,
    degreeRequired: "Postsecondary certificate or associate's degree",
    fieldsOfStudy: [{ name: 'Health information technology', cip: { code: '51.0707', title: 'Health Information/Medical Records Technology/Technician' } }],
  },
  licensure: 'Registered Health Information Technician (RHIT) typically required',
  advancement: "A bachelor's or master's degree prepares technicians to advance to health information manager positions.",
  credentials: [{
    slug: 'rhit',
    abbreviation: 'RHIT',
    name: 'Registered Health Information Technician',
    kind: 'certification',
    issuer: { slug: 'ahima', name: 'American Health Information Management Association', abbreviation: 'AHIMA', url: 'https://www.ahima.org/' },
    jurisdiction: null,
    requirements: 'Complete the academic requirements, at the associate degree level, of a health information management program accredited by CAHIIM, then pass the RHIT exam.',
    renewal: '20 continuing education units every two-year recertification cycle.',
    source: {
      slug: 'ahima-certification',
      publisher: 'American Health Information Management Association',
      dataset: 'Certification eligibility and recertification requirements',
      referencePeriod: null,
      url: 'https://www.ahima.org/',
      notice: null,
    },
    level: 'typically-required',
    note: null,
  }],
  related: [{
    kind: 'advancement',
    direction: 'outgoing',
    career: { id: 3, slug: 'health-information-manager', title: 'Health Information Manager', socCode: '11-9111' },
  }],
  wage: {
    socCode: '29-2071',
    socVersion: 2010,
    occupationTitle: 'Medical Records and Health Information Technicians',
    period: '2015-05',
    periodLabel: 'May 2015',
    area: { code: 'US', name: 'United States' },
    industry: null,
    employment: null,
    currency: 'USD',
    annual: { mean: 40430, p10: null, p25: null, median: null, p75: null, p90: null },
    hourly: { mean: null, p10: null, p25: null, median: null, p75: null, p90: null },
    footnotes: [],
    source: blsWages,
  },
  outlook: {
    socCode: '29-2071',
    socVersion: 2010,
    occupationTitle: 'Medical Records and Health Information Technicians',
    baseYear: 2014,
    targetYear: 2024,
    baseEmployment: null,
    projectedEmployment: null,
    changeNumeric: null,
    changePercent: 15,
    annualOpenings: null,
    descriptor: 'Much faster than average',
    source: blsProjections,
  },
  updatedAt: '2026-11-28T12:00:00.000Z',
}

export const careerListExample: Static<typeof CareerList> = {
  data: [{
    id: 2,
    slug: 'health-information-technician',
    title: 'Health Information Technician',
    socCode: '29-2072',
    typicalEducation: postsecondary,
    summary: 'Health information technicians collect patient medical data in electronic health records and databases and make sure these systems remain secure.',
  }],
  nextCursor: 'eyJmIjoiMDlWeWxGTi02a08tIiwiayI6WzEuMjIyMTgzLDJdfQ',
}

export const problemExamples = {
  validation: problem(400, 'query.limit must be >= 1', { kind: 'validation', errors: [{ name: 'query.limit', reason: 'must be >= 1' }] }),
  notFound: problem(404, 'No career has the key nurse-astronaut.', { kind: 'not-found' }),
  notReady: problem(503, 'Migrations not applied: 20261128T1300_initial_schema.', { kind: 'not-ready' }),
} satisfies Record<string, ProblemBody>
