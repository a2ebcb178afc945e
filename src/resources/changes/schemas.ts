import { Type, type Static, type TSchema } from '@sinclair/typebox'
import type { DatasetChange } from '../../import/feed.js'
import { Nullable, StringEnum, ref } from '../../schemas/ref.js'
import { OutlookCycle, SalaryPeriod } from '../career-figures/period-schemas.js'
import { Career } from '../careers/schemas.js'
import { Credential } from '../credentials/schemas.js'
import { Institution, Program } from '../programs/schemas.js'

// What an import announces (src/import/feed.ts): one entry per file, not per row.
const importKinds = ['soc', 'oews', 'projections', 'onet', 'credentials', 'cip', 'cip-soc', 'dataset'] as const
const everyImportKind: ReadonlyArray<DatasetChange['kind']> = importKinds

export const DatasetImport = Type.Object({
  file: Type.String({ examples: ['national_M2024_dl.xlsx'] }),
  kind: StringEnum(everyImportKind, { description: 'The importer, or `dataset` for the bundled national dataset.' }),
  sources: Type.Array(Type.String(), { description: 'The slugs of the sources its rows cite.' }),
  rows: Type.Record(Type.String(), Type.Object({
    inserted: Type.Integer(),
    updated: Type.Integer(),
    unchanged: Type.Integer(),
  }), { description: 'Rows by table.' }),
  careers: Type.Array(Type.String(), {
    description: 'The slugs of every career whose answers the import may have changed, to GET again.',
  }),
}, { $id: 'DatasetImport', description: 'An import of official data, as the change feed names it.' })

const shared = {
  at: Type.String({ format: 'date-time' }),
  action: StringEnum(['create', 'update', 'delete']),
  id: Type.Integer({
    description: 'The resource\'s numeric id, stable across slug changes (for salaries and outlook, the career\'s; ' +
      '0 for a dataset).',
  }),
  key: Type.String({
    description: 'Its slug after the change (before it, for a delete); for salaries and outlook, the career\'s slug ' +
      'and the period or cycle; for programs and institutions, the id; for a dataset, the source its rows cite.',
    examples: ['health-information-technician', 'health-information-technician/salaries/2015-05'],
  }),
  href: Type.String({ description: 'Where to GET it now.', examples: ['/v1/careers/health-information-technician'] }),
}

/** One entity's entries: `data` is that entity's representation. */
function changeOf<E extends string, D extends TSchema> (entity: E, id: string, data: D, what: string) {
  return Type.Object({
    ...shared,
    entity: Type.Literal(entity),
    data: Nullable(ref(data), {
      description: `${what} as GET answered right after the change (entries keep the representation of their ` +
        'time); null for a delete.',
    }),
  }, { $id: id, description: `A change to ${what}.` })
}

export const changeVariants = [
  changeOf('career', 'CareerChange', Career, 'a career'),
  changeOf('credential', 'CredentialChange', Credential, 'a credential'),
  changeOf('salaries', 'SalariesChange', SalaryPeriod, 'one period of a career\'s wage estimates'),
  changeOf('outlook', 'OutlookChange', OutlookCycle, 'one cycle of a career\'s projections'),
  changeOf('program', 'ProgramChange', Program, 'a program'),
  changeOf('institution', 'InstitutionChange', Institution, 'an institution'),
  changeOf('dataset', 'DatasetChange', DatasetImport, 'the official data: an import'),
] as const

type ChangeVariant = typeof changeVariants[number]

// A oneOf told apart by `entity`: generated clients get a union they can narrow on it.
export const Change = Type.Unsafe<Static<ChangeVariant>>({
  $id: 'Change',
  description: 'One change to a resource, in the order changes were committed. `entity` says which: ' +
    '`salaries` is one period of a career\'s wage estimates, `outlook` one cycle of its projections, `dataset` ' +
    'an import of official data (one file, or the bundled national dataset at first start), one entry per import, ' +
    'not per row.',
  oneOf: changeVariants.map((variant) => ref(variant)),
  discriminator: {
    propertyName: 'entity',
    mapping: Object.fromEntries(changeVariants.map((variant) =>
      [variant.properties.entity.const, `#/components/schemas/${variant.$id}`])),
  },
})

export const ChangeList = Type.Object({
  data: Type.Array(ref(Change)),
  nextCursor: Type.String({
    description: 'Pass as `since` to continue; given even when no more changes exist yet, for polling.',
  }),
  hasMore: Type.Boolean({ description: 'True when more changes are ready now.' }),
}, { $id: 'ChangeList' })

export const ChangesQuery = Type.Object({
  since: Type.Optional(Type.String({
    minLength: 1,
    maxLength: 200,
    description: 'The `nextCursor` of an earlier answer; omit to start from the first change.',
  })),
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 100, description: 'Changes per answer, 1–500.' }),
}, { additionalProperties: false })

export const changeSchemas = [DatasetImport, ...changeVariants, Change, ChangeList]
