// A career's links to credentials and its typed relations to other careers, as editors write them.
import { Type } from '@sinclair/typebox'
import { relationKinds } from './schemas.js'
import { requirementLevels } from '../credentials/schemas.js'
import { NullableText } from '../../schemas/input.js'
import { StringEnum } from '../../schemas/ref.js'

export const CredentialLinkInput = Type.Object({
  level: StringEnum(requirementLevels, { description: 'How much this career asks for the credential.' }),
  note: Type.Optional(NullableText(1000, 'When the level applies, e.g. only in some workplaces.')),
}, {
  $id: 'CredentialLinkInput',
  additionalProperties: false,
  description: 'The level at which a career asks for a credential.',
})

export const careerLinkSchemas = [CredentialLinkInput]

export const CareerCredentialParams = Type.Object({
  key: Type.String({ minLength: 1, maxLength: 100, description: 'The career: slug, numeric id, or SOC 2018 code.' }),
  credential: Type.String({
    minLength: 1, maxLength: 100, description: 'The credential: slug or abbreviation, case-insensitive.',
  }),
})

export const CareerRelationParams = Type.Object({
  key: Type.String({
    minLength: 1,
    maxLength: 100,
    description: 'The career the relation is read from: slug, numeric id, or SOC 2018 code.',
  }),
  other: Type.String({
    minLength: 1, maxLength: 100, description: 'The related career: slug, numeric id, or SOC 2018 code.',
  }),
})

export const RelationKindQuery = Type.Object({
  kind: StringEnum(relationKinds, {
    description: 'The relation: `other` is a specialization of / an advancement from / an alternative or similar to ' +
      '`key` (`outgoing` from `key`).',
  }),
}, { additionalProperties: false })
