// What editors send to create and change careers. The input mirrors the Career
// representation (education nested), so a merge patch reads like the GET it edits.
import { Type } from '@sinclair/typebox'
import { educationCodes } from '../../schemas/common.js'
import { CIP_PROGRAM_PATTERN } from '../fields-of-study/schemas.js'
import { NullableText, Slug, Text } from '../../schemas/input.js'

const SocCode = Type.Unsafe<string | null>({
  type: ['string', 'null'], pattern: '^[0-9]{2}-[0-9]{4}$', description: 'SOC 2018 code.', examples: ['29-2072'],
})
const Lines = (description: string) => Type.Array(Text(2000, { minLength: 1 }), { maxItems: 100, description })

const fields = {
  slug: Slug,
  title: Text(300, { minLength: 1 }),
  socCode: SocCode,
  alternateTitles: Type.Array(Text(300, { minLength: 1 }), {
    maxItems: 200, description: 'Replaces the whole list; duplicates (ignoring case) are dropped.',
  }),
  summary: NullableText(10_000),
  duties: Lines('Replaces the whole list.'),
  workEnvironment: NullableText(10_000),
  licensure: NullableText(10_000),
  advancement: NullableText(10_000),
}

const educationFields = {
  typical: Type.Unsafe<typeof educationCodes[number] | null>({
    type: ['string', 'null'], enum: [...educationCodes, null], description: 'A typical-entry-education code.',
  }),
  degreeRequired: NullableText(500),
  fieldsOfStudy: Type.Array(Type.Union([
    Text(2000, { minLength: 1, description: 'A field of study by name; a CIP code recorded for this name stays.' }),
    Type.Object({
      name: Text(2000, { minLength: 1 }),
      cipCode: Type.Unsafe<string | null>({
        type: ['string', 'null'],
        pattern: CIP_PROGRAM_PATTERN,
        description: 'Its 6-digit CIP 2020 code, as a string; null: none.',
      }),
    }, { additionalProperties: false }),
  ]), { maxItems: 100, description: 'Replaces the whole list. Each item is a name, or a name with its CIP code.' }),
}

export const CareerInput = Type.Object({
  ...fields,
  socCode: Type.Optional(fields.socCode),
  alternateTitles: Type.Optional(fields.alternateTitles),
  summary: Type.Optional(fields.summary),
  duties: Type.Optional(fields.duties),
  workEnvironment: Type.Optional(fields.workEnvironment),
  licensure: Type.Optional(fields.licensure),
  advancement: Type.Optional(fields.advancement),
  education: Type.Optional(Type.Partial(Type.Object(educationFields, { additionalProperties: false }))),
}, {
  $id: 'CareerInput',
  additionalProperties: false,
  description: 'A new career. Fields left out are empty (null or []).',
})

export const CareerPatch = Type.Partial(Type.Object({
  ...fields,
  education: Type.Partial(Type.Object(educationFields, { additionalProperties: false })),
}, { additionalProperties: false }), {
  $id: 'CareerPatch',
  additionalProperties: false,
  minProperties: 1,
  description: 'A JSON merge patch (RFC 7396) of a career: fields sent replace, null clears, fields left out stay; ' +
    'lists are replaced whole.',
})

export const careerWriteSchemas = [CareerInput, CareerPatch]
