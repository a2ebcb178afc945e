// The list of sources: the citations every figure points at (the shape, `Source`, is shared).
import { Type } from '@sinclair/typebox'
import { Cursor, Limit, Source } from '../../schemas/common.js'
import { Nullable, ref } from '../../schemas/ref.js'

const nextCursor = Nullable(Type.String({ description: 'Pass as `cursor` for the next page; null on the last page.' }))

export const SourceList = Type.Object({ data: Type.Array(ref(Source)), nextCursor }, { $id: 'SourceList' })

export const sourceSchemas = [SourceList]

export const SourceListQuery = Type.Object({
  limit: Limit,
  cursor: Type.Optional(Cursor),
}, { additionalProperties: false })
