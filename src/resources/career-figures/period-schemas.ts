// One period of a career's wage estimates and one cycle of its projections: read whole,
// and replaced whole by editors (PUT). Inputs use the representation's field names and
// name areas, industries and sources by code.
import { Type, type TSchema } from '@sinclair/typebox'
import { NullableInteger, NullableText, SourceSlug } from '../../schemas/input.js'
import { Projection } from './projection-schemas.js'
import { Nullable, StringEnum, ref } from '../../schemas/ref.js'
import { WageEstimate, footnoteFields } from './wage-schemas.js'

/** A PUT body that replaces a period's or cycle's rows whole: `{ data }`, at most `maxItems` of `row`. */
function replacement<T extends TSchema> (
  $id: string, row: T, data: { maxItems: number, description: string }, description: string,
) {
  return Type.Object({ data: Type.Array(ref(row), data) }, { $id, additionalProperties: false, description })
}

export const SalaryPeriod = Type.Object({
  data: Type.Array(ref(WageEstimate), {
    description: 'Every estimate of the period: by area code, the all-industries estimate first, ' +
      'then by industry code.',
  }),
}, {
  $id: 'SalaryPeriod',
  description: 'A career\'s wage estimates for one reference period, in every area and industry.',
})

export const OutlookCycle = Type.Object({
  data: Type.Array(ref(Projection), {
    description: 'The projections published for the career in this cycle ' +
      '(one per SOC code it was published under; usually one).',
  }),
}, { $id: 'OutlookCycle', description: 'A career\'s projections for one projection cycle.' })

const socVersion = Type.Union([Type.Literal(2010), Type.Literal(2018)], { description: 'Default 2018.' })
const socCode = Type.String({
  pattern: '^[0-9]{2}-[0-9]{4}$',
  description: 'A code the career is published under: its SOC 2018 code (the default), ' +
    'or a SOC 2010 code the crosswalk maps to it.',
})

// Hourly figures fit numeric(8,2) and are kept to the cent; annual figures are whole dollars.
const Hourly = Type.Unsafe<number | null>({ type: ['number', 'null'], minimum: 0, maximum: 999_999.99 })
const Annual = NullableInteger(0)
const figures = <T extends typeof Hourly | typeof Annual>(figure: T, unit: string) => Type.Object({
  mean: Type.Optional(figure), p10: Type.Optional(figure), p25: Type.Optional(figure),
  median: Type.Optional(figure), p75: Type.Optional(figure), p90: Type.Optional(figure),
}, {
  additionalProperties: false,
  description: `${unit} wages in US dollars; a figure left out or null is not published (say why in footnotes). ` +
    'A top-coded figure is written as its floor with the footnote `#`: it is served back as null, the floor ' +
    'in `atLeast`.',
})

export const WageEstimateInput = Type.Object({
  socVersion: Type.Optional(socVersion),
  socCode: Type.Optional(socCode),
  occupationTitle: Type.Optional(
    NullableText(300, 'The occupation as the source named it; default the career\'s title.'),
  ),
  area: Type.String({ pattern: '^[A-Z0-9]{2,7}$', description: 'Area code (see /v1/areas).', examples: ['US'] }),
  industry: Type.Optional(Nullable(
    Type.String({ pattern: '^[0-9]{2,6}(-[0-9]{2,6})?$', description: 'NAICS code (see /v1/industries).' }),
    { description: 'null or left out: all industries combined.' },
  )),
  employment: Type.Optional(NullableInteger(0)),
  annual: Type.Optional(figures(Annual, 'Annual')),
  hourly: Type.Optional(figures(Hourly, 'Hourly')),
  footnotes: Type.Optional(Type.Array(Type.Object({
    field: StringEnum(footnoteFields),
    code: StringEnum(['#', '*', '**', '~'], {
      description: '`#` the figure is a floor (top-coded); `*`, `**` not available; `~` too few establishments.',
    }),
  }, { additionalProperties: false }), { maxItems: 13 })),
  source: SourceSlug,
}, {
  $id: 'WageEstimateInput',
  additionalProperties: false,
  description: 'One wage estimate of the period being written.',
})

export const SalaryPeriodInput = replacement('SalaryPeriodInput', WageEstimateInput, {
  maxItems: 2000,
  description: 'Replaces every estimate of the period; one per SOC code, area and industry.',
}, 'A career\'s wage estimates for one period, replacing those there.')

export const ProjectionInput = Type.Object({
  socCode: Type.Optional({
    ...socCode,
    description: 'A code the career is published under in this cycle\'s SOC version; default its only one.',
  }),
  occupationTitle: Type.Optional(
    NullableText(300, 'The occupation as the source named it; default the career\'s title.'),
  ),
  baseEmployment: Type.Optional(NullableInteger(0)),
  projectedEmployment: Type.Optional(NullableInteger(0)),
  changeNumeric: Type.Optional(NullableInteger(-2_147_483_648)),
  changePercent: Type.Optional(Type.Unsafe<number | null>({
    type: ['number', 'null'], minimum: -100, maximum: 99_999.9, description: 'Kept to one decimal.',
  })),
  annualOpenings: Type.Optional(NullableInteger(0)),
  source: SourceSlug,
}, {
  $id: 'ProjectionInput',
  additionalProperties: false,
  description: 'One projection of the cycle being written; the descriptor follows from the cycle\'s bands.',
})

export const OutlookCycleInput = replacement('OutlookCycleInput', ProjectionInput, {
  maxItems: 20,
  description: 'Replaces the career\'s projections in this cycle; one per SOC code.',
}, 'A career\'s projections for one cycle, replacing those there.')

export const periodSchemas = [
  SalaryPeriod, OutlookCycle, WageEstimateInput, SalaryPeriodInput, ProjectionInput, OutlookCycleInput,
]

const careerKey = Type.String({
  minLength: 1, maxLength: 100, description: 'Slug, numeric id, or SOC 2018 code (29-2072).',
})

export const SalaryPeriodParams = Type.Object({
  key: careerKey,
  period: Type.String({
    pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$',
    description: 'The reference period, YYYY-MM (OEWS: May of each year).',
    examples: ['2015-05'],
  }),
})

export const OutlookCycleParams = Type.Object({
  key: careerKey,
  cycle: Type.String({
    pattern: '^[0-9]{4}-[0-9]{4}$',
    description: 'The projection cycle, base year and target year.',
    examples: ['2014-2024'],
  }),
})
