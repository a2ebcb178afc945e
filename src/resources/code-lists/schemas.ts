// Code lists (industries, areas) wage estimates are published under.
import { Type } from '@sinclair/typebox'
import { Cursor, Limit } from '../../schemas/common.js'
import { Nullable, StringEnum, ref } from '../../schemas/ref.js'

export const areaKinds = ['national', 'state', 'metro', 'nonmetro', 'territory'] as const

export const Industry = Type.Object({
  code: Type.String({ description: 'NAICS code.', examples: ['622'] }),
  title: Type.String({ examples: ['Hospitals'] }),
}, { $id: 'Industry', description: 'A NAICS industry wage estimates can be filtered by.' })

export const Area = Type.Object({
  code: Type.String({ examples: ['US'] }),
  name: Type.String({ examples: ['United States'] }),
  kind: StringEnum(areaKinds),
}, { $id: 'Area', description: 'A geographic area wage estimates are published for.' })

const nextCursor = Nullable(Type.String({ description: 'Pass as `cursor` for the next page; null on the last page.' }))

export const IndustryList = Type.Object({ data: Type.Array(ref(Industry)), nextCursor }, { $id: 'IndustryList' })
export const AreaList = Type.Object({ data: Type.Array(ref(Area)), nextCursor }, { $id: 'AreaList' })

export const codeListSchemas = [Industry, Area, IndustryList, AreaList]

const q = Type.Optional(Type.String({
  minLength: 1, maxLength: 200, description: 'Text found in the code or name, case-insensitive.',
}))

export const IndustryListQuery = Type.Object({
  q,
  limit: Limit,
  cursor: Type.Optional(Cursor),
}, { additionalProperties: false })
export const AreaListQuery = Type.Object({
  kind: Type.Optional(StringEnum(areaKinds)),
  q,
  limit: Limit,
  cursor: Type.Optional(Cursor),
}, { additionalProperties: false })
