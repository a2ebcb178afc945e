import { Type } from '@sinclair/typebox'
import {
  CareerRef, Cursor, EducationLevel, Limit, NotPublished, PublishedAs, Source, educationCodes,
} from '../../schemas/common.js'
import { CareerCredential } from '../credentials/schemas.js'
import { CareerFieldOfStudy, FieldsOfStudyFrom } from '../fields-of-study/schemas.js'
import { Projection } from '../career-figures/projection-schemas.js'
import { Nullable, StringEnum, ref } from '../../schemas/ref.js'
import { WageEstimate } from '../career-figures/wage-schemas.js'
import { OnetRecord, WorkSummary } from '../career-work/schemas.js'

export const LicensureFrom = Nullable(StringEnum(['editor', 'credentials'], {
  description: '`editor`: written for this career; `credentials`: worded from its linked licenses; null with no value.',
}))

export const CredentialsNote = Nullable(Type.String({
  description: 'Set when no credential is linked to the career: none is recorded, which is not to say none is ' +
    'needed. Null when `credentials` lists some.',
}))

export const OohProfile = Nullable(Type.Object({
  title: Type.String({
    description: 'The profile\'s title, as the OOH names it.', examples: ['Medical records specialists'],
  }),
  url: Type.String({
    format: 'uri',
    examples: ['https://www.bls.gov/OOH/healthcare/medical-records-and-health-information-technicians.htm'],
  }),
}, {
  description: 'The Occupational Outlook Handbook profile covering the career\'s SOC code, as BLS Employment ' +
    'Projections\' O*NET-SOC to NEM crosswalk names it (often one profile for several occupations); for an ' +
    'editorial career, its occupation\'s, like `wage`. Null where the OOH has none for the code, and for a ' +
    'career without one.',
}))

export const careerKinds = ['occupation', 'group', 'editorial'] as const

const Kind = StringEnum(careerKinds, {
  description: '`occupation`: a detailed SOC occupation under its official title; `group`: a code BLS publishes ' +
    'for several occupations (21-1018), its members listed as its specializations; `editorial`: written by ' +
    'editors, within (or across) official occupations.',
})

export const Headline = Type.Object({
  typicalEducation: Nullable(ref(EducationLevel)),
  medianAnnualWage: Nullable(Type.Object({
    value: Nullable(Type.Number({
      minimum: 0,
      description: 'US dollars; null when BLS top-codes it (then `atLeast` holds the floor) or publishes none.',
      examples: [48780],
    })),
    atLeast: Nullable(Type.Number({
      minimum: 0,
      description: 'For a top-coded median, the floor it is at or above ($239,200 in May 2024); null otherwise.',
    })),
    period: Type.String({ pattern: '^[0-9]{4}-[0-9]{2}$', examples: ['2024-05'] }),
    publishedAs: PublishedAs,
  }, { description: 'The latest national, all-industries median (OEWS); null when none is published.' })),
  employment: Nullable(Type.Integer({ minimum: 0, description: 'National employment of the same OEWS estimate.' })),
  growth: Nullable(Type.Object({
    percent: Nullable(Type.Number({ examples: [7.1] })),
    baseYear: Type.Integer({ examples: [2024] }),
    targetYear: Type.Integer({ examples: [2034] }),
    descriptor: Nullable(Type.String({
      description: 'The cycle\'s own wording band; null where none is on record (the full projection\'s ' +
        '`descriptorNote` says why).',
    })),
    publishedAs: PublishedAs,
  }, { description: 'Employment change of the latest projection cycle; null when none is published.' })),
}, {
  $id: 'Headline',
  description: 'The figures a career card shows, latest of each: entry education, median annual wage, growth.',
})

export const CareerSummary = Type.Object({
  id: Type.Integer(),
  slug: Type.String({ examples: ['health-information-technician'] }),
  title: Type.String({ examples: ['Health Information Technician'] }),
  socCode: Nullable(Type.String({ examples: ['29-2072'] })),
  kind: Kind,
  typicalEducation: Nullable(ref(EducationLevel)),
  summary: Nullable(Type.String()),
  headline: ref(Headline),
  match: Nullable(Type.Object({
    score: Type.Number({ description: 'The relevance score the results are ordered by (higher is better).' }),
    matched: StringEnum(['title', 'alternate-title', 'text'], {
      description: '`title`: every word is in the title; `alternate-title`: in one of its alternate titles ' +
        '(`alternateTitle`); `text`: only in its summary and duties.',
    }),
    alternateTitle: Nullable(Type.String({ description: 'The alternate title that matched.' })),
  }, { description: 'Why a search result is there; null without `q`.' })),
}, {
  $id: 'CareerSummary',
  description: 'A career as listed: with its headline figures, and in a search why it matched.',
})

export const CareerList = Type.Object({
  data: Type.Array(ref(CareerSummary)),
  nextCursor: Nullable(Type.String({ description: 'Pass as `cursor` for the next page; null on the last page.' })),
  attributions: Type.Array(ref(Source), {
    description: 'Sources of this page\'s summaries whose terms require a notice wherever their data is shown ' +
      '(O*NET\'s CC BY 4.0 attribution).',
  }),
}, { $id: 'CareerList' })

export const relationKinds = ['specialization', 'advancement', 'alternative', 'similar'] as const

export const RelatedCareer = Type.Object({
  kind: StringEnum(relationKinds),
  direction: StringEnum(['outgoing', 'incoming'], {
    description: '`outgoing`: the other career is a specialization of / an advancement from / an alternative or ' +
      'similar to this one; `incoming`: this career is that to the other. For `alternative` and `similar`, ' +
      'which hold both ways, it only tells which end the relation was recorded from.',
  }),
  rank: Nullable(Type.Integer({
    minimum: 1,
    description: 'O*NET\'s order of relatedness from the recording end (1 = most related); null for editors\' ' +
      'relations.',
  })),
  tier: Nullable(StringEnum(['Primary-Short', 'Primary-Long', 'Supplemental'], {
    description: 'O*NET\'s relatedness tier: Primary-Short the closest few, Supplemental the loosest.',
  })),
  career: ref(CareerRef),
  headline: ref(Headline),
}, { $id: 'RelatedCareer' })

export const Career = Type.Object({
  id: Type.Integer(),
  slug: Type.String(),
  title: Type.String(),
  socCode: Nullable(Type.String({
    description: 'SOC 2018 code: an official career\'s own; an editorial career\'s is the occupation it sits within.',
  })),
  kind: Kind,
  occupation: Nullable(ref(CareerRef), {
    description: 'For an editorial career, the official career holding its SOC code: `wage` and `outlook` are ' +
      'that occupation\'s figures, borrowed. Null for official careers, and while no official career holds the code.',
  }),
  alternateTitles: Type.Array(Type.String()),
  summary: Nullable(Type.String()),
  duties: Type.Array(Type.String()),
  dutiesFrom: Nullable(ref(OnetRecord), {
    description: 'Where O*NET has no task statements for the occupation\'s own record (most "All Other" ' +
      'occupations, 15-1299.00), its duties are those of the lowest-numbered specialty O*NET has tasks for, named ' +
      'here. Null when the duties are the occupation\'s own, or an editor\'s.',
  }),
  workEnvironment: Nullable(Type.String()),
  education: Type.Object({
    typical: Nullable(ref(EducationLevel)),
    degreeRequired: Nullable(Type.String({
      description: 'What an editor wrote; where none did, the typical entry education\'s label (for official ' +
        'careers, BLS Employment Projections\'). `degreeRequiredFrom` says which.',
      examples: ["Postsecondary certificate or associate's degree"],
    })),
    degreeRequiredFrom: Nullable(StringEnum(['editor', 'typical-education'], {
      description: '`editor`: written for this career; `typical-education`: derived from `typical`; ' +
        'null with no value.',
    })),
    fieldsOfStudy: Type.Array(ref(CareerFieldOfStudy), {
      description: 'An editor\'s choice, each with its CIP 2020 code where one is recorded; else the CIP codes ' +
        'the CIP–SOC crosswalks link to the SOC code. `fieldsOfStudyFrom` says which.',
    }),
    fieldsOfStudyFrom: FieldsOfStudyFrom,
  }),
  preparation: Type.Object({
    jobZone: Nullable(Type.Integer({
      minimum: 1, maximum: 5,
      description: 'O*NET job zone: 1 (little or no preparation) to 5 (extensive preparation).',
    })),
    educationShares: Type.Array(Type.Object({
      category: Type.Integer({ description: 'O*NET\'s Required Level of Education category (scale RL).' }),
      label: Type.String(),
      percent: Type.Number({ description: 'Share of respondents who named this level as required.' }),
    }), { description: 'O*NET\'s education shares, by category; empty where O*NET has none.' }),
  }, { description: 'What O*NET says about the preparation the work takes.' }),
  work: ref(WorkSummary),
  licensure: Nullable(Type.String({
    description: 'What an editor wrote; where none did, worded from the career\'s linked licenses. ' +
      '`licensureFrom` says which; null when neither exists.',
    examples: ['Registered Health Information Technician (RHIT) typically required'],
  })),
  licensureFrom: LicensureFrom,
  advancement: Nullable(Type.String()),
  credentials: Type.Array(ref(CareerCredential)),
  credentialsNote: CredentialsNote,
  related: Type.Array(ref(RelatedCareer)),
  wage: Nullable(ref(WageEstimate), {
    description: 'The latest national, all-industry estimate; `publishedAs` tells whether it is the occupation\'s ' +
      'own or a broader group\'s.',
  }),
  outlook: Nullable(ref(Projection), { description: 'The latest projection cycle; `publishedAs` as for `wage`.' }),
  ooh: OohProfile,
  notPublished: Nullable(ref(NotPublished), {
    description: 'Why `wage` and `outlook` are null for good (military occupations, careers with no SOC code); ' +
      'null otherwise.',
  }),
  attributions: Type.Array(ref(Source), {
    description: 'The sources of this profile (text, duties, alternate titles, relations, figures, credentials) ' +
      'whose terms require a notice wherever their data is shown, such as O*NET\'s CC BY 4.0 attribution: ' +
      'show each `notice` with the profile.',
  }),
  updatedAt: Type.String({ format: 'date-time' }),
}, { $id: 'Career', description: 'A whole career profile.' })

export const RelatedCareerList = Type.Object({
  data: Type.Array(ref(RelatedCareer), {
    description: 'Ordered by kind, outgoing before incoming, then O*NET\'s rank, then title; a relation that holds ' +
      'both ways appears once.',
  }),
  total: Type.Integer({ minimum: 0, description: 'How many there are in all, `limit` aside.' }),
  attributions: Type.Array(ref(Source), {
    description: 'Sources of these relations whose terms require a notice wherever their data is shown ' +
      '(O*NET\'s CC BY 4.0 attribution for its related occupations).',
  }),
}, { $id: 'RelatedCareerList' })

export const careerSchemas = [Headline, CareerSummary, CareerList, RelatedCareer, RelatedCareerList, Career]

export const CareerKeyParams = Type.Object({
  key: Type.String({ minLength: 1, maxLength: 100, description: 'Slug, numeric id, or SOC 2018 code (29-2072).' }),
})

export const careerSorts = [
  'relevance', 'title', 'soc', 'median-wage', 'growth', 'openings', 'employment',
] as const

export const outlookCodes = [
  'much-faster-than-average', 'faster-than-average', 'as-fast-as-average', 'slower-than-average',
  'little-or-no-change', 'decline',
] as const

/** A comma-separated list of the given words, as a query parameter's pattern. */
function listOf (words: readonly string[]): string {
  const word = `(${words.join('|')})`
  return `^${word}(,${word})*$`
}

export const CareerListQuery = Type.Object({
  q: Type.Optional(Type.String({
    minLength: 1,
    maxLength: 200,
    description: 'Words to find in titles, alternate titles, summary and duties; typos tolerated.',
  })),
  education: Type.Optional(Type.String({
    pattern: listOf(educationCodes),
    description: `Typical entry education, one or more (comma-separated) of ${educationCodes.join(', ')}.`,
    examples: ['bachelor,master'],
  })),
  soc: Type.Optional(Type.String({
    pattern: '^[0-9]{2}(-[0-9]{0,4})?$', description: 'SOC code prefix, e.g. `29` or `29-20`.',
  })),
  kind: Type.Optional(Type.String({
    pattern: listOf(careerKinds),
    description: 'Only careers of these kinds (comma-separated): `occupation,group` lists the official ' +
      'occupations as BLS publishes them, without editors\' careers.',
  })),
  publishedAs: Type.Optional(StringEnum(['occupation'], {
    description: '`occupation`: only careers whose latest wage and projection BLS publishes for their own code, ' +
      'not within a broader group\'s (31-1121 Home Health Aides shares 31-1120\'s figures). With ' +
      '`kind=occupation,group`, a sorted list then matches BLS\'s own tables line for line.',
  })),
  minWage: Type.Optional(Type.Integer({
    minimum: 0, maximum: 10_000_000,
    description: 'Latest national annual median at least this (USD). A top-coded median counts at its floor.',
  })),
  maxWage: Type.Optional(Type.Integer({
    minimum: 0, maximum: 10_000_000,
    description: 'Latest national annual median at most this (USD). A top-coded median, known only to be at ' +
      'or above its floor, never matches.',
  })),
  minGrowth: Type.Optional(Type.Number({
    minimum: -100, maximum: 1000, description: 'Employment change of the latest cycle at least this (percent).',
  })),
  outlook: Type.Optional(Type.String({
    pattern: listOf(outlookCodes),
    description: 'Latest cycle\'s descriptor, one or more of ' + outlookCodes.join(', ') + ' (a cycle without ' +
      'published bands, 2024–34 today, has none, so matches none).',
  })),
  jobZone: Type.Optional(Type.String({
    pattern: '^[1-5](,[1-5])*$', description: 'O*NET job zones, one or more of 1–5 (comma-separated).',
  })),
  interest: Type.Optional(Type.String({
    pattern: '^[RIASEC]{1,3}$',
    description: 'The interest code begins with these RIASEC letters: `S` the careers whose strongest interest ' +
      'is Social, `SE` Social then Enterprising.',
  })),
  sort: Type.Optional(StringEnum(careerSorts, {
    description: 'Default: `relevance` with `q`, else `title`. `median-wage`, `growth`, `openings` and ' +
      '`employment` sort on the latest national figures (a top-coded median at its floor), highest first; ' +
      'careers without the figure come last.',
  })),
  order: Type.Optional(StringEnum(['asc', 'desc'], {
    description: 'Reverses the sort\'s own direction (`title` and `soc` ascend, the others descend); ' +
      'careers without the figure stay last.',
  })),
  limit: Limit,
  cursor: Type.Optional(Cursor),
}, { additionalProperties: false })

export const RelatedQuery = Type.Object({
  kind: Type.Optional(StringEnum(relationKinds, { description: 'Only relations of this kind.' })),
  limit: Type.Optional(Type.Integer({
    minimum: 1,
    maximum: 500,
    description: 'At most this many, the closest first (a "related careers" box shows the first few); ' +
      'default all. `total` counts them all.',
  })),
}, { additionalProperties: false })

/** For sub-resources that take no parameters: anything given is a mistake worth reporting. */
export const NoQuery = Type.Object({}, { additionalProperties: false })
