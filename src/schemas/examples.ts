// Example answers for the OpenAPI document, built from the seeded reference data so they are
// what the seeded service answers (test/openapi.test.ts checks both that and their schemas).
// Ids are the seed's insertion order.
import type { Static } from '@sinclair/typebox'
import { encodeCursor } from '../http/cursor.js'
import { problem } from '../http/problem.js'
import * as seed from '../seed/reference-page.js'
import type { Career, CareerList, RelatedCareer, RelatedCareerList } from '../resources/careers/schemas.js'
import type { ChangeList } from '../resources/changes/schemas.js'
import type { AreaList, IndustryList, SourceList } from '../resources/code-lists/schemas.js'
import type { CareerRef, EducationLevel, ProblemBody, Source } from './common.js'
import type { Comparison, ComparedCareer } from '../resources/compare/schemas.js'
import type {
  CareerCredential, CareerCredentialList, Credential, CredentialList, CredentialSummary, Organization,
} from '../resources/credentials/schemas.js'
import type { CareerFieldOfStudy } from '../resources/fields-of-study/schemas.js'
import type { Projection, ProjectionList } from '../resources/career-figures/projection-schemas.js'
import type { WageEstimate, WageEstimateList } from '../resources/career-figures/wage-schemas.js'

/** An example stamp for updatedAt and change times: the seed's own are the load time. */
export const EXAMPLE_TIME = '2026-11-28T12:00:00.000Z'

// The labels come with the education_level rows of the first migration.
const educationLabels: Record<string, string> = {
  'postsecondary-nondegree': 'Postsecondary nondegree award',
  bachelor: "Bachelor's degree",
}

function one<T> (items: T[], found: (item: T) => boolean, what: string): T {
  const item = items.find(found)
  if (item === undefined) throw new Error(`the seed has no ${what}`)
  return item
}

const source = (s: seed.SeedSource): Static<typeof Source> => ({ ...s, notice: null })
const seedCareer = (slug: string): seed.SeedCareer => one(seed.careers, (c) => c.slug === slug, `career ${slug}`)

function careerRef (slug: string): Static<typeof CareerRef> {
  const career = seedCareer(slug)
  return { id: seed.careers.indexOf(career) + 1, slug, title: career.title, socCode: career.socCode }
}

function education (code: string | null): Static<typeof EducationLevel> | null {
  return code === null ? null : { code, label: educationLabels[code] ?? code }
}

/** A career's fields of study as the API gives them: each with its CIP code where the seed links one. */
function fieldsOfStudy (slug: string): Array<Static<typeof CareerFieldOfStudy>> {
  return seedCareer(slug).fieldsOfStudy.map((name) => {
    const link = seed.careerFieldCips.find((l) => l.career === slug && l.field === name)
    const cip = link === undefined ? undefined : one(seed.fieldsOfStudy, (f) => f.code === link.cip, `CIP ${link.cip}`)
    return { name, cip: cip === undefined ? null : { code: cip.code, title: cip.title } }
  })
}

function organization (slug: string | null): Static<typeof Organization> | null {
  return slug === null ? null : one(seed.organizations, (o) => o.slug === slug, `organization ${slug}`)
}

function credentialSummary (c: seed.SeedCredential): Static<typeof CredentialSummary> {
  return {
    slug: c.slug,
    abbreviation: c.abbreviation,
    name: c.name,
    kind: c.kind,
    issuer: organization(c.issuer),
    jurisdiction: c.jurisdiction,
  }
}

const credentialSource = (c: seed.SeedCredential): Static<typeof Source> =>
  source(c.source === 'editorial' ? seed.EDITORIAL : seed.AHIMA_CERTIFICATION)

/** The credentials a career asks for, required first, as the API orders them. */
function careerCredentials (slug: string): Array<Static<typeof CareerCredential>> {
  const levels = ['required', 'typically-required', 'preferred', 'optional']
  return seed.credentials.flatMap((c) => c.careers.filter((link) => link.career === slug).map((link) => ({
    ...credentialSummary(c),
    requirements: c.requirements,
    renewal: c.renewal,
    source: credentialSource(c),
    level: link.level,
    note: link.note,
  }))).sort((a, b) => levels.indexOf(a.level) - levels.indexOf(b.level) || a.name.localeCompare(b.name))
}

/** The national, all-industries estimate a career's SOC 2010 code was published with. */
function wage (slug: string): Static<typeof WageEstimate> {
  const w = one(
    seed.wages,
    (x) => seedCareer(slug).soc2010Codes.includes(x.socCode) && x.industry === null,
    `wage for ${slug}`,
  )
  const none = { mean: null, p10: null, p25: null, median: null, p75: null, p90: null }
  return {
    socCode: w.socCode,
    socVersion: w.socVersion,
    occupationTitle: w.occupationTitle,
    publishedAs: 'occupation',
    period: `${w.year}-${String(w.month).padStart(2, '0')}`,
    periodLabel: seed.BLS_OEWS_2015.referencePeriod ?? '',
    area: { code: 'US', name: 'United States' },
    industry: null,
    employment: null,
    currency: 'USD',
    annual: { ...none, mean: w.annualMean },
    hourly: none,
    footnotes: [],
    source: source(seed.BLS_OEWS_2015),
  }
}

function projection (slug: string): Static<typeof Projection> {
  const p = one(seed.projections, (x) => seedCareer(slug).soc2010Codes.includes(x.socCode), `projection for ${slug}`)
  const band = seed.projectionBands2014.filter((b) => p.changePercent >= b.minPercent).at(-1)
  return {
    socCode: p.socCode,
    socVersion: seed.projectionCycle.socVersion,
    occupationTitle: p.occupationTitle,
    publishedAs: 'occupation',
    baseYear: seed.projectionCycle.baseYear,
    targetYear: seed.projectionCycle.targetYear,
    baseEmployment: null,
    projectedEmployment: null,
    changeNumeric: null,
    changePercent: p.changePercent,
    annualOpenings: null,
    descriptor: band?.descriptor ?? null,
    source: source(seed.BLS_EP_2014_24),
  }
}

const TECHNICIAN = 'health-information-technician'
const MANAGER = 'health-information-manager'
const technician = seedCareer(TECHNICIAN)

export const relatedExample: Static<typeof RelatedCareerList> = {
  data: [
    { kind: 'advancement', direction: 'outgoing', career: careerRef(MANAGER) },
    { kind: 'alternative', direction: 'outgoing', career: careerRef('medical-transcriptionist') },
    { kind: 'specialization', direction: 'incoming', career: careerRef('medical-records-administrator') },
  ] satisfies Array<Static<typeof RelatedCareer>>,
  attributions: [],
}

export const careerExample: Static<typeof Career> = {
  ...careerRef(TECHNICIAN),
  alternateTitles: [...technician.alternateTitles].sort(),
  summary: technician.summary,
  duties: technician.duties,
  workEnvironment: technician.workEnvironment,
  education: {
    typical: education(technician.typicalEducation),
    degreeRequired: technician.degreeRequired,
    fieldsOfStudy: fieldsOfStudy(TECHNICIAN),
  },
  licensure: technician.licensure,
  advancement: technician.advancement,
  credentials: careerCredentials(TECHNICIAN),
  related: relatedExample.data,
  wage: wage(TECHNICIAN),
  outlook: projection(TECHNICIAN),
  notPublished: null,
  attributions: [],
  updatedAt: EXAMPLE_TIME,
}

export const careerListExample: Static<typeof CareerList> = {
  data: [{
    ...careerRef(TECHNICIAN),
    typicalEducation: education(technician.typicalEducation),
    summary: technician.summary,
  }],
  nextCursor: null,
  attributions: [],
}

export const salariesExample: Static<typeof WageEstimateList> = {
  data: [wage(TECHNICIAN)],
  nextCursor: null,
  notPublished: null,
}
export const outlookExample: Static<typeof ProjectionList> = { data: [projection(TECHNICIAN)], notPublished: null }
export const careerCredentialsExample: Static<typeof CareerCredentialList> = { data: careerCredentials(TECHNICIAN) }

const rhit = one(seed.credentials, (c) => c.slug === 'rhit', 'credential rhit')

export const credentialExample: Static<typeof Credential> = {
  ...credentialSummary(rhit),
  requirements: rhit.requirements,
  renewal: rhit.renewal,
  source: credentialSource(rhit),
  careers: rhit.careers.map((link) => ({ career: careerRef(link.career), level: link.level, note: link.note })),
  updatedAt: EXAMPLE_TIME,
}

export const credentialListExample: Static<typeof CredentialList> = {
  data: seed.credentials.filter((c) => c.issuer === 'ahima').map(credentialSummary)
    .sort((a, b) => a.name.localeCompare(b.name)),
  nextCursor: null,
}

function compared (slug: string): Static<typeof ComparedCareer> {
  const career = seedCareer(slug)
  return {
    career: careerRef(slug),
    typicalEducation: education(career.typicalEducation),
    degreeRequired: career.degreeRequired,
    fieldsOfStudy: fieldsOfStudy(slug),
    licensure: career.licensure,
    credentials: careerCredentials(slug),
    outlook: projection(slug),
    wage: wage(slug),
  }
}

export const comparisonExample: Static<typeof Comparison> = {
  area: { code: 'US', name: 'United States' },
  careers: [compared(TECHNICIAN), compared(MANAGER)],
  sources: [source(seed.BLS_EP_2014_24), source(seed.BLS_OEWS_2015)],
}

export const industryListExample: Static<typeof IndustryList> = {
  data: [...seed.industries].sort((a, b) => a.code.localeCompare(b.code)),
  nextCursor: null,
}

export const areaListExample: Static<typeof AreaList> = {
  data: [{ code: 'US', name: 'United States', kind: 'national' }],
  nextCursor: null,
}

export const sourceListExample: Static<typeof SourceList> = {
  data: [seed.AHIMA_CERTIFICATION, seed.BLS_EP_2014_24, seed.BLS_OEWS_2015, seed.EDITORIAL, seed.NCES_CIP_2020]
    .map(source).sort((a, b) => a.slug.localeCompare(b.slug)),
  nextCursor: null,
}

// The seed records no editor's changes, so this one shows an edit to the technician profile.
export const changeListExample: Static<typeof ChangeList> = {
  data: [{
    at: EXAMPLE_TIME,
    action: 'update',
    entity: 'career',
    id: careerExample.id,
    key: careerExample.slug,
    href: `/v1/careers/${careerExample.slug}`,
    data: careerExample,
  }],
  nextCursor: encodeCursor('changes', [1]),
  hasMore: false,
}

export const problemExamples = {
  validation: problem(400, 'query.limit must be >= 1', {
    kind: 'validation',
    errors: [{ name: 'query.limit', reason: 'must be >= 1' }],
  }),
  notFound: problem(404, 'No career has the key nurse-astronaut.', { kind: 'not-found' }),
  notReady: problem(503, 'Migrations not applied: 20261128T1300_initial_schema.', { kind: 'not-ready' }),
} satisfies Record<string, ProblemBody>
