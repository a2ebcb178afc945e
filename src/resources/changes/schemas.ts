import { Type } from '@sinclair/typebox'
import { Nullable, StringEnum, ref } from '../../schemas/ref.js'

export const Change = Type.Object({
  at: Type.String({ format: 'date-time' }),
  action: StringEnum(['create', 'update', 'delete']),
  entity: StringEnum(['career', 'credential', 'salaries', 'outlook', 'program', 'institution', 'dataset'], {
    description: '`salaries`: one period of a career\'s wage estimates; `outlook`: one cycle of its projections; ' +
      '`dataset`: an import of official data (one file, or the bundled national dataset at first start), whose ' +
      '`data` names the file, its sources, the rows it wrote table by table and `careers`: the keys of every ' +
      'career whose answers it may have changed, to GET again. One entry per import, not per row: an import ' +
      'writes thousands of rows.',
  }),
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
  data: Nullable(Type.Unsafe<Record<string, unknown>>({ type: 'object', additionalProperties: true }), {
    description: 'The resource as GET answered right after the change; ' +
      'null for a delete (or a period or cycle left empty).',
  }),
}, { $id: 'Change', description: 'One change to a resource, in the order changes were committed.' })

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

export const changeSchemas = [Change, ChangeList]
