// What O*NET says about a career's work: the technology it uses, its interest profile
// (RIASEC) and the work styles it asks for; and the brief form a profile nests.
import { Type } from '@sinclair/typebox'
import { Source } from '../../schemas/common.js'
import { Nullable, StringEnum, ref } from '../../schemas/ref.js'

export const OnetRecord = Type.Object({
  onetSocCode: Type.String({ pattern: '^[0-9]{2}-[0-9]{4}\\.[0-9]{2}$', examples: ['15-1299.08'] }),
  title: Nullable(Type.String({
    examples: ['Computer Systems Engineers/Architects'],
    description: 'O*NET\'s title of the record; null where O*NET\'s Occupation Data was not imported.',
  })),
}, {
  $id: 'OnetRecord',
  description: 'An O*NET-SOC record: a SOC occupation\'s own (`.00`) or one of its specialties (`.01` and up).',
})

/** Where a career's O*NET data comes from, when it is not the occupation's own record. */
export const RecordFrom = Nullable(ref(OnetRecord), {
  description: 'Null when these data are the occupation\'s own O*NET record (`.00`), or there are none. O*NET ' +
    'rates some occupations (most "All Other" ones, 15-1299.00) only through their specialties: then this names ' +
    'the specialty they come from, the lowest-numbered one O*NET rates.',
})

const Attributions = Type.Array(ref(Source), {
  description: 'Sources of these data whose terms require a notice wherever their data is shown ' +
    '(O*NET\'s CC BY 4.0 attribution).',
})

const CommodityCode = Type.String({
  pattern: '^[0-9]{8}$', description: 'UNSPSC commodity code, as text.', examples: ['43232202'],
})
const CommodityTitle = Type.String({ examples: ['Document management software'] })

export const TechnologySkill = Type.Object({
  commodityCode: CommodityCode,
  commodityTitle: CommodityTitle,
  hot: Type.Boolean({
    description: 'Some example is a hot technology: one O*NET finds often in employers\' job postings.',
  }),
  inDemand: Type.Boolean({ description: 'Some example is in demand in job postings for this occupation.' }),
  examples: Type.Array(Type.Object({
    name: Type.String({ examples: ['Adobe Acrobat'] }),
    hot: Type.Boolean(),
    inDemand: Type.Boolean(),
  }), { description: 'Example products: hot first, then in demand, then by name (ignoring case).' }),
}, { $id: 'TechnologySkill', description: 'A kind of technology (a UNSPSC commodity) the work uses, with examples.' })

export const TechnologySkillList = Type.Object({
  data: Type.Array(ref(TechnologySkill), {
    description: 'Grouped by commodity: those with a hot technology first, then those with an in-demand one, ' +
      'then by commodity title (ignoring case). Empty where O*NET has none.',
  }),
  from: RecordFrom,
  attributions: Attributions,
}, { $id: 'TechnologySkillList' })

export const riasec = [
  { letter: 'R', name: 'Realistic', column: 'realistic' },
  { letter: 'I', name: 'Investigative', column: 'investigative' },
  { letter: 'A', name: 'Artistic', column: 'artistic' },
  { letter: 'S', name: 'Social', column: 'social' },
  { letter: 'E', name: 'Enterprising', column: 'enterprising' },
  { letter: 'C', name: 'Conventional', column: 'conventional' },
] as const

const InterestCode = Nullable(Type.String({
  pattern: '^[RIASEC]{3}$',
  examples: ['CSE'],
  description: 'The letters of the three highest scores, highest first; ties go in RIASEC order. Null where ' +
    'O*NET has no scores.',
}))

export const InterestProfile = Type.Object({
  scores: Type.Array(Type.Object({
    letter: StringEnum(riasec.map((r) => r.letter)),
    name: StringEnum(riasec.map((r) => r.name)),
    score: Type.Number({ minimum: 1, maximum: 7, description: 'O*NET\'s occupational interest score (scale OI).' }),
  }), { maxItems: 6, description: 'The six interests in RIASEC order; empty where O*NET has no scores.' }),
  code: InterestCode,
  from: RecordFrom,
  attributions: Attributions,
}, { $id: 'InterestProfile', description: 'The occupation\'s interest profile (Holland\'s RIASEC), from O*NET.' })

export const WorkStyle = Type.Object({
  elementId: Type.String({ examples: ['1.C.5.b'], description: 'O*NET\'s content model element.' }),
  name: Type.String({ examples: ['Attention to Detail'] }),
  importance: Type.Number({ minimum: 1, maximum: 5, description: 'O*NET\'s importance rating (scale IM), 1–5.' }),
}, { $id: 'WorkStyle', description: 'A personal characteristic the work asks for, and how much.' })

export const WorkStyleList = Type.Object({
  data: Type.Array(ref(WorkStyle), {
    description: 'Most important first, ties by element id. Empty where O*NET has none, or only ratings it ' +
      'recommends suppressing.',
  }),
  from: RecordFrom,
  attributions: Attributions,
}, { $id: 'WorkStyleList' })

export const WorkSummary = Type.Object({
  interestCode: InterestCode,
  topTechnologies: Type.Array(Type.Object({
    commodityCode: CommodityCode,
    commodityTitle: CommodityTitle,
    examples: Type.Array(Type.String({ examples: ['Microsoft Excel'] }), {
      maxItems: 3, description: 'Its first three hot examples, in `/technology-skills` order.',
    }),
  }), {
    maxItems: 5,
    description: 'The first five commodities with a hot technology, in `/technology-skills` order.',
  }),
}, {
  $id: 'WorkSummary',
  description: 'What O*NET says about the work, in brief; `/interests`, `/technology-skills` and `/work-styles` ' +
    'give the whole, and say when it is a specialty\'s.',
})

export const careerWorkSchemas = [
  OnetRecord, TechnologySkill, TechnologySkillList, InterestProfile, WorkStyle, WorkStyleList, WorkSummary,
]
