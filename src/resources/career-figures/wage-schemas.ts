import { Type } from '@sinclair/typebox'
import { Cursor, NotPublished, PublishedAs, Source } from '../../schemas/common.js'
import { Nullable, StringEnum, ref } from '../../schemas/ref.js'

const Money = Nullable(Type.Number({ minimum: 0 }))
const Floor = Type.Optional(Type.Number({ minimum: 0 }))

/**
 * A top-coded figure (OEWS `#`: at or above $239,200 a year or $115 an hour in May 2023–24)
 * is no value: its own field is null, so that a client printing the figure alone prints
 * nothing rather than the floor as if it were the value, and the floor is in `atLeast`.
 */
const WageFigures = (unit: string, floor: string) => Type.Object({
  mean: Money,
  p10: Money,
  p25: Money,
  median: Money,
  p75: Money,
  p90: Money,
  atLeast: Type.Object({
    mean: Floor, p10: Floor, p25: Floor, median: Floor, p75: Floor, p90: Floor,
  }, {
    description: 'The top-coded figures, each as the floor the source published: the figure is at or above it ' +
      `(${floor}; footnote \`#\`, \`at-or-above\`). Only top-coded figures are present; \`{}\` when there are none.`,
    examples: [{ median: unit === 'Annual' ? 239200 : 115 }],
  }),
}, {
  description: `${unit} wages in US dollars. Null where the source publishes none (its footnote says why), ` +
    'and where the figure is top-coded: then `atLeast` holds the floor, never the figure\'s own field.',
})

/** The figures a footnote can qualify: those the OEWS importer reads markers for. */
export const footnoteFields = [
  'employment', 'annual.mean', 'annual.p10', 'annual.p25', 'annual.median', 'annual.p75', 'annual.p90',
  'hourly.mean', 'hourly.p10', 'hourly.p25', 'hourly.median', 'hourly.p75', 'hourly.p90',
] as const

export const Footnote = Type.Object({
  field: StringEnum(footnoteFields, {
    description: 'The figure it qualifies.',
    examples: ['annual.p90'],
  }),
  code: StringEnum(['#', '*', '**', '~']),
  meaning: StringEnum(['at-or-above', 'not-available', 'employment-not-available', 'few-establishments'], {
    description: '`at-or-above`: the figure is a floor (top-coded), not the value itself.',
  }),
}, { $id: 'Footnote', description: 'A source footnote kept as published.' })

export const WageEstimate = Type.Object({
  socCode: Type.String({ examples: ['29-2071'] }),
  socVersion: Type.Union([Type.Literal(2010), Type.Literal(2018)]),
  occupationTitle: Type.String({ description: 'The occupation as the source named it.' }),
  publishedAs: PublishedAs,
  period: Type.String({ pattern: '^[0-9]{4}-[0-9]{2}$', examples: ['2015-05'] }),
  periodLabel: Type.String({ examples: ['May 2015'] }),
  area: Type.Object({ code: Type.String(), name: Type.String() }),
  industry: Nullable(Type.Object(
    { code: Type.String(), title: Type.String() },
    { description: 'null: all industries.' },
  )),
  employment: Nullable(Type.Integer({ minimum: 0 })),
  currency: Type.Literal('USD'),
  annual: WageFigures('Annual', '$239,200 in May 2023–24, $187,200 in May 2012–16'),
  hourly: WageFigures('Hourly', '$115.00 in May 2023–24, $90.00 in May 2012–16'),
  footnotes: Type.Array(ref(Footnote)),
  source: ref(Source),
}, { $id: 'WageEstimate', description: 'One published wage estimate for an occupation, period, area and industry.' })

export const WageEstimateList = Type.Object({
  data: Type.Array(ref(WageEstimate), {
    description: 'Newest period first; within a period the all-industries estimate first, then by industry code.',
  }),
  nextCursor: Nullable(Type.String({ description: 'Pass as `cursor` for the next page; null on the last page.' })),
  notPublished: Nullable(ref(NotPublished), {
    description: 'Why this career has no wage estimates at all (military occupations); null otherwise.',
  }),
}, { $id: 'WageEstimateList' })

export const wageSchemas = [Footnote, WageEstimate, WageEstimateList]

export const SalaryQuery = Type.Object({
  year: Type.Optional(Type.Integer({
    minimum: 1990, maximum: 2100, description: 'Only estimates of this reference year; default every year.',
  })),
  area: Type.String({
    pattern: '^[A-Za-z0-9]{2,7}$', default: 'US', description: 'Area code (see /v1/areas); default the United States.',
  }),
  industry: Type.Optional(Type.String({
    pattern: '^([0-9]{2,6}(-[0-9]{2,6})?|any)$',
    description: 'NAICS code (see /v1/industries): only estimates for that industry. ' +
      '`any`: the all-industries estimates and every industry\'s. Default: all industries combined.',
  })),
  limit: Type.Integer({
    minimum: 1,
    maximum: 100,
    default: 100,
    description: 'Page size, 1–100 (default 100: a career\'s whole national history fits one page).',
  }),
  cursor: Type.Optional(Cursor),
}, { additionalProperties: false })
