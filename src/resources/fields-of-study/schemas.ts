// CIP 2020 fields of study: codes are strings ("01.0000" keeps its zero).
import { Type } from '@sinclair/typebox'
import { CareerRef, Cursor, Limit, Source } from '../../schemas/common.js'
import { Nullable, StringEnum, ref } from '../../schemas/ref.js'

export const CIP_CODE_PATTERN = '^[0-9]{2}(\\.[0-9]{2}([0-9]{2})?)?$'
export const CIP_PROGRAM_PATTERN = '^[0-9]{2}\\.[0-9]{4}$'
export const cipLevels = ['family', 'series', 'program'] as const

export const FieldOfStudyRef = Type.Object({
  code: Type.String({
    pattern: CIP_CODE_PATTERN, description: 'CIP 2020 code, always a string.', examples: ['51.0707'],
  }),
  title: Type.String({ examples: ['Health Information/Medical Records Technology/Technician'] }),
}, { $id: 'FieldOfStudyRef', description: 'A CIP 2020 field of study named from another resource.' })

const summaryFields = {
  code: Type.String({
    pattern: CIP_CODE_PATTERN,
    description: 'CIP 2020 code, always a string: `01.0000` keeps its zero.',
    examples: ['51.0707'],
  }),
  title: Type.String({ examples: ['Health Information/Medical Records Technology/Technician'] }),
  level: StringEnum(cipLevels, { description: '`family` (2 digits), `series` (4), `program` (6).' }),
  definition: Nullable(Type.String({ description: 'As NCES defines it.' })),
}

export const FieldOfStudySummary = Type.Object(summaryFields, {
  $id: 'FieldOfStudySummary',
  description: 'A CIP 2020 code as listed.',
})

export const FieldOfStudyOccupation = Type.Object({
  socCode: Type.String({ examples: ['29-2072'] }),
  career: Nullable(ref(CareerRef), { description: 'The career with this SOC code, when there is one.' }),
  sources: Type.Array(Type.String(), {
    description: 'Slugs of the crosswalks that make the link.',
    examples: [['nces-cip-2020-soc-2018']],
  }),
}, { $id: 'FieldOfStudyOccupation', description: 'An occupation a crosswalk links the field of study to.' })

export const FieldOfStudy = Type.Object({
  ...summaryFields,
  family: Nullable(ref(FieldOfStudyRef), { description: 'The 2-digit family; null if its row is not loaded.' }),
  occupations: Type.Array(ref(FieldOfStudyOccupation), { description: 'Ordered by SOC code.' }),
  source: Nullable(ref(Source)),
}, { $id: 'FieldOfStudy', description: 'A CIP 2020 code with its definition, family and linked occupations.' })

export const FieldOfStudyList = Type.Object({
  data: Type.Array(ref(FieldOfStudySummary)),
  nextCursor: Nullable(Type.String({ description: 'Pass as `cursor` for the next page; null on the last page.' })),
}, { $id: 'FieldOfStudyList' })

export const CareerFieldOfStudy = Type.Object({
  name: Type.String({
    description: 'As an editor words it for the career; else the CIP title.',
    examples: ['Health information technology'],
  }),
  cip: Nullable(ref(FieldOfStudyRef), { description: 'Its CIP 2020 code; null when none is recorded.' }),
  crosswalks: Type.Array(Type.String(), {
    description: 'Slugs of the CIP–SOC crosswalks that link this CIP code to the career\'s SOC code; ' +
      'empty when only an editor names it.',
    examples: [['california-coe-top-cip-soc']],
  }),
}, { $id: 'CareerFieldOfStudy', description: 'A field of study that prepares for a career.' })

export const FieldsOfStudyFrom = Nullable(StringEnum(['editor', 'crosswalk'], {
  description: '`editor`: the fields an editor chose for the career; `crosswalk`: where none did, every CIP ' +
    'code the loaded CIP–SOC crosswalks link to its SOC code, by code; null when there are none.',
}))

export const fieldOfStudySchemas = [
  FieldOfStudyRef, FieldOfStudySummary, FieldOfStudyOccupation, FieldOfStudy, FieldOfStudyList, CareerFieldOfStudy,
]

export const FieldOfStudyParams = Type.Object({
  code: Type.String({ pattern: CIP_CODE_PATTERN, description: 'CIP 2020 code: `51`, `51.07` or `51.0707`.' }),
})

export const FieldOfStudyListQuery = Type.Object({
  q: Type.Optional(Type.String({
    minLength: 1,
    maxLength: 200,
    description: 'Words to find in titles and definitions (word forms and prefixes match); ranked, titles first.',
  })),
  level: Type.Optional(StringEnum(cipLevels)),
  family: Type.Optional(Type.String({
    pattern: '^[0-9]{2}$', description: 'Only codes of this 2-digit family, e.g. `51`.',
  })),
  soc: Type.Optional(Type.String({
    pattern: '^[0-9]{2}-[0-9]{4}$',
    description: 'Only the fields a CIP–SOC crosswalk links to this SOC 2018 code (`29-2072`): the fields of ' +
      'study of an occupation.',
  })),
  limit: Limit,
  cursor: Type.Optional(Cursor),
}, { additionalProperties: false })
