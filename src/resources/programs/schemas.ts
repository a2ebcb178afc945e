// Institutions and the programs partners list, sponsored ones always marked with their disclosure.
import { Type } from '@sinclair/typebox'
import { Cursor, Limit } from '../../schemas/common.js'
import { CIP_CODE_PATTERN, CIP_PROGRAM_PATTERN, FieldOfStudyRef } from '../fields-of-study/schemas.js'
import { Nullable, StringEnum, ref } from '../../schemas/ref.js'

export const awardLevels = ['certificate', 'associate', 'bachelor', 'master', 'doctoral'] as const
export const deliveries = ['on_campus', 'online', 'hybrid'] as const

const NO_NUL = '^[^\\u0000]*$'
const STATE = '^[A-Z]{2}$'

export const Institution = Type.Object({
  id: Type.Integer(),
  name: Type.String({ examples: ['Example Community College'] }),
  city: Type.String({ examples: ['Springfield'] }),
  state: Type.String({ pattern: STATE, description: 'USPS code.', examples: ['IL'] }),
  ipedsUnitId: Nullable(Type.Integer({ description: 'IPEDS unit id (6 digits).' })),
  url: Nullable(Type.String({ format: 'uri' })),
  updatedAt: Type.String({ format: 'date-time' }),
}, { $id: 'Institution', description: 'A school that offers programs.' })

export const InstitutionList = Type.Object({
  data: Type.Array(ref(Institution)),
  nextCursor: Nullable(Type.String({ description: 'Pass as `cursor` for the next page; null on the last page.' })),
}, { $id: 'InstitutionList' })

export const Tuition = Type.Object({
  amount: Type.Integer({
    minimum: 0, maximum: 1_000_000, description: 'Yearly tuition in US dollars, as the school published it.',
  }),
  currency: Type.Literal('USD'),
  year: Type.Integer({
    minimum: 1990, maximum: 2100, description: 'The academic year it applies to (its first calendar year).',
  }),
}, { $id: 'Tuition' })

export const Program = Type.Object({
  id: Type.Integer(),
  name: Type.String({ examples: ['Health Information Technology, A.A.S.'] }),
  institution: ref(Institution),
  awardLevel: StringEnum(awardLevels),
  fieldOfStudy: ref(FieldOfStudyRef),
  delivery: StringEnum(deliveries),
  url: Nullable(Type.String({ format: 'uri' })),
  tuition: Nullable(ref(Tuition)),
  sponsored: Type.Boolean({ description: 'True when a sponsor paid for the listing; never hidden.' }),
  sponsorDisclosure: Nullable(Type.String({
    description: 'The sponsor\'s disclosure text; always present when `sponsored` is true.',
  })),
  updatedAt: Type.String({ format: 'date-time' }),
}, {
  $id: 'Program',
  description: 'A program an institution offers. ' +
    'Sponsored listings carry `sponsored: true` and their disclosure in every answer.',
})

export const ProgramList = Type.Object({
  data: Type.Array(ref(Program), {
    description: 'Ordered by institution state, institution name, program name, id. ' +
      'Sponsorship never changes a program\'s place; sponsored programs are marked.',
  }),
  nextCursor: Nullable(Type.String({ description: 'Pass as `cursor` for the next page; null on the last page.' })),
}, { $id: 'ProgramList' })

// Writes: `type: [string, null]` rather than anyOf, so coercion never turns null into "".
const Text = (maxLength: number) => Type.String({ minLength: 1, maxLength, pattern: NO_NUL })
const NullableText = (maxLength: number, extra: Record<string, unknown> = {}) =>
  Type.Unsafe<string | null>({ type: ['string', 'null'], maxLength, pattern: NO_NUL, ...extra })
const Url = Type.Unsafe<string | null>({
  type: ['string', 'null'], maxLength: 500, pattern: '^https?://[^\\s\\u0000]+$', description: 'http(s) URL.',
})

const institutionFields = {
  name: Text(300),
  city: Text(100),
  state: Type.String({ pattern: STATE, description: 'USPS code, e.g. `IL`.' }),
  ipedsUnitId: Type.Unsafe<number | null>({
    type: ['integer', 'null'], minimum: 100000, maximum: 999999, description: 'IPEDS unit id.',
  }),
  url: Url,
}

export const InstitutionInput = Type.Object({
  ...institutionFields,
  ipedsUnitId: Type.Optional(institutionFields.ipedsUnitId),
  url: Type.Optional(institutionFields.url),
}, { $id: 'InstitutionInput', additionalProperties: false, description: 'A new institution.' })

export const InstitutionPatch = Type.Partial(Type.Object(institutionFields), {
  $id: 'InstitutionPatch', additionalProperties: false, minProperties: 1,
  description: 'A JSON merge patch (RFC 7396) of an institution: ' +
    'fields sent replace, null clears, fields left out stay.',
})

const TuitionInput = Type.Unsafe<{ amount: number, year: number } | null>({
  type: ['object', 'null'],
  properties: {
    amount: { type: 'integer', minimum: 0, maximum: 1_000_000 },
    year: { type: 'integer', minimum: 1990, maximum: 2100 },
  },
  required: ['amount', 'year'],
  additionalProperties: false,
  description: 'Yearly tuition in US dollars and the year it applies to; null: not known.',
})

const programFields = {
  institutionId: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }),
  name: Text(300),
  awardLevel: StringEnum(awardLevels),
  cipCode: Type.String({
    pattern: CIP_PROGRAM_PATTERN, description: '6-digit CIP 2020 code, as a string.', examples: ['51.0707'],
  }),
  delivery: StringEnum(deliveries),
  url: Url,
  tuition: TuitionInput,
  sponsored: Type.Boolean({ description: 'True for a paid listing: then `sponsorDisclosure` is required.' }),
  sponsorDisclosure: NullableText(2000, {
    description: 'The sponsor\'s disclosure text, shown with the listing. ' +
      'Required (not blank) when `sponsored` is true.',
  }),
}

// A sponsored program must say so: JSON Schema refuses one without disclosure text (and the
// database's program_sponsored_disclosed constraint backs it).
const DISCLOSED = {
  if: { properties: { sponsored: { const: true } }, required: ['sponsored'] },
  then: { properties: { sponsorDisclosure: { type: 'string', pattern: '\\S' } }, required: ['sponsorDisclosure'] },
}

export const ProgramInput = Type.Object({
  ...programFields,
  url: Type.Optional(programFields.url),
  tuition: Type.Optional(programFields.tuition),
  sponsored: Type.Optional(programFields.sponsored),
  sponsorDisclosure: Type.Optional(programFields.sponsorDisclosure),
}, {
  $id: 'ProgramInput',
  additionalProperties: false,
  description: 'A new program. `sponsored` defaults to false; a sponsored program needs `sponsorDisclosure`.',
  ...DISCLOSED,
})

export const ProgramPatch = Type.Partial(Type.Object(programFields), {
  $id: 'ProgramPatch', additionalProperties: false, minProperties: 1,
  description: 'A JSON merge patch (RFC 7396) of a program. ' +
    'The program as patched must still carry disclosure text if it is sponsored.',
  ...DISCLOSED,
})

export const programSchemas = [
  Institution, InstitutionList, Tuition, Program, ProgramList, InstitutionInput, InstitutionPatch, ProgramInput,
  ProgramPatch,
]

export const IdParams = Type.Object({
  id: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }),
})

const programFilters = {
  level: Type.Optional(StringEnum(awardLevels, { description: 'Award level.' })),
  state: Type.Optional(Type.String({ pattern: STATE, description: 'Institution state (USPS code).' })),
  delivery: Type.Optional(StringEnum(deliveries)),
  sponsored: Type.Optional(Type.Boolean({
    description: '`true`: only sponsored listings (to show them in their own labelled block); ' +
      '`false`: only unsponsored.',
  })),
  limit: Limit,
  cursor: Type.Optional(Cursor),
}

export const CareerProgramsQuery = Type.Object(programFilters, { additionalProperties: false })

export const ProgramListQuery = Type.Object({
  ...programFilters,
  cip: Type.Optional(Type.String({
    pattern: CIP_CODE_PATTERN, description: 'A CIP code or its family/series: `51`, `51.07`, `51.0707`.',
  })),
  institution: Type.Optional(Type.Integer({ minimum: 1, maximum: 2_147_483_647, description: 'Institution id.' })),
}, { additionalProperties: false })

export const InstitutionListQuery = Type.Object({
  state: Type.Optional(Type.String({ pattern: STATE })),
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Text in the name, case-insensitive.' })),
  limit: Limit,
  cursor: Type.Optional(Cursor),
}, { additionalProperties: false })
