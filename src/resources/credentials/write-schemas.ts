// What editors send to create and change credentials. Issuer and source are named by their
// slugs, as the Credential representation shows them.
import { Type } from '@sinclair/typebox'
import { credentialKinds } from './schemas.js'
import { NullableText, Slug, Text } from '../../schemas/input.js'
import { StringEnum } from '../../schemas/ref.js'

const fields = {
  slug: { ...Slug, examples: ['rhit'] },
  abbreviation: NullableText(50, 'Unique among credentials, ignoring case.'),
  name: Text(300, { minLength: 1 }),
  kind: StringEnum(credentialKinds),
  issuer: NullableText(100,
    'The issuing body by slug or abbreviation (AHIMA). A credential needs an issuer or a jurisdiction.'),
  jurisdiction: NullableText(300, 'Who grants a license, e.g. state boards.'),
  requirements: NullableText(10_000),
  renewal: NullableText(10_000),
  source: NullableText(100, 'The slug of the source its facts come from (see /v1/sources).'),
}

export const CredentialInput = Type.Object({
  slug: fields.slug,
  name: fields.name,
  kind: fields.kind,
  abbreviation: Type.Optional(fields.abbreviation),
  issuer: Type.Optional(fields.issuer),
  jurisdiction: Type.Optional(fields.jurisdiction),
  requirements: Type.Optional(fields.requirements),
  renewal: Type.Optional(fields.renewal),
  source: Type.Optional(fields.source),
}, { $id: 'CredentialInput', additionalProperties: false, description: 'A new credential. Fields left out are null.' })

export const CredentialPatch = Type.Partial(Type.Object(fields, { additionalProperties: false }), {
  $id: 'CredentialPatch',
  additionalProperties: false,
  minProperties: 1,
  description: 'A JSON merge patch (RFC 7396) of a credential: fields sent replace, null clears, fields left out stay.',
})

export const credentialWriteSchemas = [CredentialInput, CredentialPatch]
