// Shapes shared by several resources. Each has an $id, is registered once and is referenced,
// so generated clients get one named type per shape.
import { Type, type Static } from '@sinclair/typebox'
import type { EducationCode } from '../db/schema.js'
import { problemTypes } from '../errors.js'
import { Nullable, StringEnum, ref } from './ref.js'

export const Problem = Type.Object({
  type: StringEnum(problemTypes, {
    description: 'The kind of problem: a page under /problems/ (the README\'s problem catalogue), or ' +
      '`about:blank` where the status says it all.',
  }),
  title: Type.String(),
  status: Type.Integer({ minimum: 400, maximum: 599 }),
  detail: Type.String(),
  instance: Type.Optional(Type.String()),
  errors: Type.Optional(Type.Array(Type.Object({
    name: Type.String({ description: 'Where the bad value is, e.g. `query.limit`.' }),
    reason: Type.String(),
  }), { description: 'For validation problems: each offending field.' })),
}, { $id: 'Problem', description: 'An RFC 9457 problem detail.' })
export type ProblemBody = Static<typeof Problem>

export const Source = Type.Object({
  slug: Type.String(),
  publisher: Type.String({ examples: ['U.S. Bureau of Labor Statistics'] }),
  dataset: Type.String(),
  referencePeriod: Nullable(Type.String()),
  url: Nullable(Type.String({ format: 'uri' })),
  notice: Nullable(Type.String({ description: 'Attribution the source requires wherever its data is shown.' })),
}, { $id: 'Source', description: 'Where a figure comes from.' })

export const educationCodes = [
  'no-formal-credential', 'high-school', 'some-college', 'postsecondary-nondegree',
  'associate', 'bachelor', 'master', 'doctoral-professional',
] as const satisfies readonly EducationCode[]

export const isEducationCode = (code: string): code is EducationCode =>
  (educationCodes as readonly string[]).includes(code)

export const EducationLevel = Type.Object({
  code: StringEnum(educationCodes, { examples: ['bachelor'] }),
  label: Type.String({ examples: ["Bachelor's degree"] }),
}, { $id: 'EducationLevel', description: 'A BLS typical-entry-education category.' })

export const CareerRef = Type.Object({
  id: Type.Integer(),
  slug: Type.String(),
  title: Type.String(),
  socCode: Nullable(Type.String()),
}, { $id: 'CareerRef', description: 'A career named from another resource.' })

export const Limit = Type.Integer({ minimum: 1, maximum: 100, default: 20, description: 'Page size, 1–100.' })
export const Cursor = Type.String({
  minLength: 1,
  maxLength: 500,
  description: 'The `nextCursor` of the previous page.',
})

export const PublishedAs = StringEnum(['occupation', 'group'], {
  description: '`occupation`: published for the career\'s own occupation (its SOC 2018 code, or a SOC 2010 code ' +
    'that maps to it alone). `group`: BLS publishes no figure for the occupation alone; this one is for a broader ' +
    'group that includes it — a SOC broad group (31-1120 for 31-1121 and 31-1122), a BLS combined code (21-1018 ' +
    'for 21-1011 and 21-1014), or a SOC 2010 code since split among several 2018 occupations. `socCode` and ' +
    '`occupationTitle` name what it was published for.',
  examples: ['occupation'],
})

export const NotPublished = Type.Object({
  reason: StringEnum(['not-surveyed', 'no-soc-code'], {
    description: '`not-surveyed`: a military occupation (SOC major group 55), which BLS does not survey; ' +
      '`no-soc-code`: an editorial career spanning several occupations, whose figures are those of its ' +
      'specializations.',
  }),
  detail: Type.String(),
}, { $id: 'NotPublished', description: 'Why a career has no wages and no outlook at all, and where to look.' })

export const ProbeStatus = Type.Object({
  status: Type.String({ description: '`ok` from liveness, `ready` from readiness.' }),
}, { $id: 'ProbeStatus', description: 'A health probe\'s answer.' })

export const sharedSchemas = [Problem, Source, NotPublished, EducationLevel, CareerRef, ProbeStatus]


/** A response entry for a problem status, served as application/problem+json, with an example. */
export function problemResponse (description: string, example?: ProblemBody) {
  return {
    description,
    content: { 'application/problem+json': { schema: ref(Problem), ...(example === undefined ? {} : { example }) } },
  }
}
