// The side-by-side chart of the reference page as data.
import { Type } from '@sinclair/typebox'
import { CareerRef, EducationLevel, Source } from '../../schemas/common.js'
import { CareerCredential } from '../credentials/schemas.js'
import { CareerFieldOfStudy, FieldsOfStudyFrom } from '../fields-of-study/schemas.js'
import { Projection } from '../career-figures/projection-schemas.js'
import { Nullable, StringEnum, ref } from '../../schemas/ref.js'
import { CredentialsNote, LicensureFrom, OohProfile } from '../careers/schemas.js'
import { WorkSummary } from '../career-work/schemas.js'
import { WageEstimate } from '../career-figures/wage-schemas.js'

export const ComparedCareer = Type.Object({
  career: ref(CareerRef),
  typicalEducation: Nullable(ref(EducationLevel)),
  degreeRequired: Nullable(Type.String({
    description: 'As on the profile: what an editor wrote, else the typical entry education\'s label.',
    examples: ["Postsecondary certificate or associate's degree"],
  })),
  degreeRequiredFrom: Nullable(StringEnum(['editor', 'typical-education'])),
  fieldsOfStudy: Type.Array(ref(CareerFieldOfStudy), { description: 'As on the profile.' }),
  fieldsOfStudyFrom: FieldsOfStudyFrom,
  licensure: Nullable(Type.String({
    examples: ['Registered Health Information Technician (RHIT) typically required'],
  })),
  licensureFrom: LicensureFrom,
  credentials: Type.Array(ref(CareerCredential)),
  credentialsNote: CredentialsNote,
  jobZone: Nullable(Type.Integer({ minimum: 1, maximum: 5, description: 'O*NET job zone, as on the profile.' })),
  work: ref(WorkSummary),
  ooh: OohProfile,
  outlook: Nullable(ref(Projection), {
    description: 'Job growth of the latest projection cycle (of `cycle`, when given), with its years, ' +
      'descriptor, annual openings and entry requirements; null when none is published.',
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
    description: 'Every source the growth and wage figures cite, and those whose terms require a notice wherever ' +
      'their data is shown (O*NET\'s CC BY 4.0, for `work`), once each: the chart\'s footnote. ' +
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
  cycle: Type.Optional(Type.String({
    pattern: '^[0-9]{4}-[0-9]{4}$',
    description: 'Projections of this cycle (`2014-2024`) instead of the latest; a career with no projection ' +
      'in it has `outlook` null. A cycle that is not loaded is a 400.',
    examples: ['2014-2024'],
  })),
}, { additionalProperties: false })
