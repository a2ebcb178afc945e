import { Type } from '@sinclair/typebox'
import { NotPublished, PublishedAs, Source } from '../../schemas/common.js'
import { Nullable, ref } from '../../schemas/ref.js'

export const Projection = Type.Object({
  socCode: Type.String({ examples: ['29-2071'] }),
  socVersion: Type.Union([Type.Literal(2010), Type.Literal(2018)]),
  occupationTitle: Type.String({ description: 'The occupation as the source named it.' }),
  publishedAs: PublishedAs,
  baseYear: Type.Integer({ examples: [2014] }),
  targetYear: Type.Integer({ examples: [2024] }),
  baseEmployment: Nullable(Type.Integer()),
  projectedEmployment: Nullable(Type.Integer()),
  changeNumeric: Nullable(Type.Integer()),
  changePercent: Nullable(Type.Number({ examples: [15] })),
  annualOpenings: Nullable(Type.Integer()),
  typicalEducation: Nullable(Type.String({
    description: 'Typical education needed for entry, as EP publishes it for the cycle (an education level code).',
    examples: ['postsecondary-nondegree'],
  })),
  workExperience: Nullable(Type.String({
    description: 'Work experience in a related occupation, as EP publishes it.', examples: ['None'],
  })),
  onTheJobTraining: Nullable(Type.String({
    description: 'Typical on-the-job training needed to attain competency, as EP publishes it.',
    examples: ['None'],
  })),
  percentSelfEmployed: Nullable(Type.Number({
    minimum: 0,
    maximum: 100,
    description: 'Percent of the occupation\'s employment in the cycle\'s base year (`baseYear`: 2024 for ' +
      '2024–34) that is self-employed, as EP publishes it (Table 1.2, "Percent self employed, 2024"). ' +
      'Null where EP publishes none ("—": data unavailable), never 0 for it.',
    examples: [5.1],
  })),
  descriptor: Nullable(Type.String({
    description: 'The outlook wording for this percent change under the cycle\'s own bands; ' +
      'null when the cycle has none (`descriptorNote` says why).',
    examples: ['Much faster than average'],
  })),
  descriptorNote: Nullable(Type.String({
    description: 'Why `descriptor` is null: the cycle has no published bands on record. Null when there is one.',
  })),
  source: ref(Source),
}, { $id: 'Projection', description: 'Projected employment change for one occupation and projection cycle.' })

export const ProjectionList = Type.Object({
  data: Type.Array(ref(Projection), { description: 'Every projection cycle, newest first.' }),
  notPublished: Nullable(ref(NotPublished), {
    description: 'Why this career has no projections at all (military occupations); null otherwise.',
  }),
}, { $id: 'ProjectionList' })

export const projectionSchemas = [Projection, ProjectionList]
