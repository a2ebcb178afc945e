import { Type } from '@sinclair/typebox'
import { CareerRef, Cursor, Limit, Source } from '../../schemas/common.js'
import { Nullable, StringEnum, ref } from '../../schemas/ref.js'

export const Organization = Type.Object({
  slug: Type.String(),
  name: Type.String({ examples: ['American Health Information Management Association'] }),
  abbreviation: Nullable(Type.String({ examples: ['AHIMA'] })),
  url: Nullable(Type.String({ format: 'uri' })),
}, { $id: 'Organization', description: 'A body that issues credentials.' })

export const credentialKinds = ['certification', 'license', 'certificate'] as const
export const requirementLevels = ['required', 'typically-required', 'preferred', 'optional'] as const
export type RequirementLevel = typeof requirementLevels[number]

/** How a page names each level: `levelLabel` beside `level`. */
export const requirementLevelLabels = {
  required: 'Required',
  'typically-required': 'Typically required',
  preferred: 'Preferred',
  optional: 'Optional',
} as const satisfies Record<RequirementLevel, string>

// The level a career asks a credential at, with its label; both views of the link show them.
const levelFields = {
  level: StringEnum(requirementLevels, {
    description: 'How much the career asks for the credential: ' +
      requirementLevels.map((level) => `\`${level}\` (${requirementLevelLabels[level]})`).join(', ') + '.',
  }),
  levelLabel: StringEnum(requirementLevels.map((level) => requirementLevelLabels[level]), {
    description: 'The level as a page shows it.',
    examples: ['Typically required'],
  }),
}

// The fields every view of a credential shares.
const credentialFields = {
  slug: Type.String({ examples: ['rhit'] }),
  abbreviation: Nullable(Type.String({ examples: ['RHIT'] })),
  name: Type.String({ examples: ['Registered Health Information Technician'] }),
  kind: StringEnum(credentialKinds),
  issuer: Nullable(ref(Organization), { description: 'The issuing body; null for licenses a jurisdiction grants.' }),
  jurisdiction: Nullable(Type.String({ description: 'Who grants a license, e.g. state boards.' })),
}

const detailFields = {
  requirements: Nullable(Type.String({
    description: 'What it takes to earn it, as the issuer states it; null when not recorded.',
  })),
  renewal: Nullable(Type.String({ description: 'What keeps it current; null when not recorded.' })),
  source: Nullable(ref(Source)),
}

export const CredentialSummary = Type.Object(credentialFields, {
  $id: 'CredentialSummary',
  description: 'A credential as listed.',
})

export const CareerCredential = Type.Object({
  ...credentialFields,
  ...detailFields,
  ...levelFields,
  note: Nullable(Type.String({ description: 'When the level applies, e.g. only in some workplaces.' })),
}, { $id: 'CareerCredential', description: 'A credential as it applies to one career.' })

export const CredentialCareer = Type.Object({
  career: ref(CareerRef),
  ...levelFields,
  note: Nullable(Type.String()),
}, { $id: 'CredentialCareer', description: 'A career a credential serves, and how much that career asks for it.' })

export const Credential = Type.Object({
  ...credentialFields,
  ...detailFields,
  careers: Type.Array(ref(CredentialCareer), { description: 'Ordered by level, then career title.' }),
  updatedAt: Type.String({ format: 'date-time' }),
}, { $id: 'Credential', description: 'A whole credential with the careers it serves.' })

export const CredentialList = Type.Object({
  data: Type.Array(ref(CredentialSummary)),
  nextCursor: Nullable(Type.String({ description: 'Pass as `cursor` for the next page; null on the last page.' })),
}, { $id: 'CredentialList' })

export const CareerCredentialList = Type.Object({
  data: Type.Array(ref(CareerCredential), { description: 'Ordered by level (required first), then name.' }),
}, { $id: 'CareerCredentialList' })

export const credentialSchemas = [
  Organization, CredentialSummary, CareerCredential, CredentialCareer, Credential, CredentialList, CareerCredentialList,
]

export const CredentialKeyParams = Type.Object({
  key: Type.String({ minLength: 1, maxLength: 100, description: 'Slug or abbreviation (RHIT), case-insensitive.' }),
})

export const CredentialListQuery = Type.Object({
  kind: Type.Optional(StringEnum(credentialKinds)),
  issuer: Type.Optional(Type.String({
    minLength: 1,
    maxLength: 100,
    description: 'Issuing body by slug or abbreviation (AHIMA), case-insensitive.',
  })),
  q: Type.Optional(Type.String({
    minLength: 1, maxLength: 200, description: 'Text found in the name or abbreviation, case-insensitive.',
  })),
  limit: Limit,
  cursor: Type.Optional(Cursor),
}, { additionalProperties: false })
