// The side-by-side chart of the reference page as data.
import { Type } from '@sinclair/typebox'
import { CareerRef, EducationLevel, Source } from '../../schemas/common.js'
import { CareerCredential } from '../credentials/schemas.js'
import { CareerFieldOfStudy } from '../fields-of-study/schemas.js'
import { Projection } from '../career-figures/projection-schemas.js'
import { Nullable, StringEnum, ref } from '../../schemas/ref.js'
import { WageEstimate } from '../career-figures/wage-schemas.js'

export const ComparedCareer = Type.Object({
  career: ref(CareerRef),
  typicalEducation: Nullable(ref(EducationLevel)),
  degreeRequired: Nullable(Type.String({
    description: 'As on the profile: what an editor wrote, else the typical entry education\'s label.',
    examples: ["Postsecondary certificate or associate's degree"],
  })),
  degreeRequiredFrom: Nullable(StringEnum(['editor', 'typical-education'])),
  fieldsOfStudy: Type.Array(ref(CareerFieldOfStudy)),
  licensure: Nullable(Type.String({
    examples: ['Registered Health Information Technician (RHIT) typically required'],
  })),
  credentials: Type.Array(ref(CareerCredential)),
  outlook: Nullable(ref(Projection), {
    description: 'Job growth of the latest projection cycle, with its years and descriptor; ' +
      'null when none is published.',
  }),
  wage: Nullable(ref(WageEstimate), {
    description: 'The latest all-industries estimate in the compared area (of `year`, when given; average = ' +
      '`annual.mean`); null when none is published.',
  }),
}, { $id: 'ComparedCareer', description: 'One column of a comparison chart.' })

export const Comparison = Type.Object({
  area: Type.Object({ code: Type.String(), name: Type.String() }, { description: 'The area the wages are for.' }),
  careers: Type.Array(ref(ComparedCareer), { description: 'In the order asked for.' }),
  sources: Type.Array(ref(Source), {
    description: 'Every source the growth and wage figures cite, once each: the chart\'s footnote. ' +
      'Credentials carry their own.',
  }),
}, {
  $id: 'Comparison',
  description: 'Careers side by side: degree, fields of study, licensure and credentials, latest growth and salary.',
})

export const compareSchemas = [ComparedCareer, Comparison]

export const CompareQuery = Type.Object({
  careers: Type.String({
    minLength: 1,
    maxLength: 600,
    description: '2 to 5 career keys (slug, id or SOC 2018 code), comma-separated.',
    examples: ['health-information-technician,health-information-manager'],
  }),
  area: Type.String({
    pattern: '^[A-Za-z0-9]{2,7}$',
    default: 'US',
    description: 'Area for the wages (see /v1/areas); default the United States. Projections are national.',
  }),
  year: Type.Optional(Type.Integer({
    minimum: 1990,
    maximum: 2100,
    description: 'Wages of this reference year (2015: May 2015) instead of the latest; a career with no estimate ' +
      'that year has `wage` null.',
  })),
}, { additionalProperties: false })
