// Editors' writes to credentials: create, merge-patch and delete. Each needs a key with the
// write scope; changes to an existing credential need If-Match with its current ETag.
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { createCredential, deleteCredential, updateCredential } from './write-queries.js'
import { errors } from '../../errors.js'
import { acceptMergePatch } from '../../writes/http.js'
import { createRoute, deleteRoute, patchRoute, type Writable } from '../../writes/routes.js'
import { CredentialInput, CredentialPatch } from './write-schemas.js'
import { Credential, CredentialKeyParams } from './schemas.js'

const credentials: Writable<typeof Credential, typeof CredentialKeyParams> = {
  tags: ['credentials'],
  item: Credential,
  what: 'the credential',
  params: CredentialKeyParams,
  notFound: ({ key }) => errors.credentialNotFound(key),
  stale: 'The credential changed since the ETag was read',
}

const credentialWriteRoutes: FastifyPluginAsyncTypebox = async (app) => {
  acceptMergePatch(app)

  createRoute(app, credentials, {
    url: '/credentials',
    operationId: 'createCredential',
    summary: 'Create a credential',
    description: 'Needs an API key with the write scope. Answers the new credential with its ETag and Location. ' +
      'A slug or abbreviation already in use is a 409; an unknown issuer or source, or neither issuer nor ' +
      'jurisdiction, a 400.',
    body: CredentialInput,
    created: 'Created',
    conflict: 'The slug or abbreviation is taken',
    create: createCredential,
    location: (created) => `/v1/credentials/${created.slug}`,
  })

  patchRoute(app, credentials, {
    url: '/credentials/:key',
    operationId: 'updateCredential',
    summary: 'Change a credential (JSON merge patch)',
    description: 'Needs the write scope and If-Match with the credential\'s current ETag. The body is a JSON ' +
      'merge patch (RFC 7396; `application/merge-patch+json` or `application/json`): fields sent replace, ' +
      'null clears. Answers the changed credential with its new ETag.',
    body: CredentialPatch,
    changed: 'The changed credential',
    missing: 'No such credential',
    conflict: 'The new slug or abbreviation is taken',
    update: (db, { key }, patch, context, precondition) => updateCredential(db, key, patch, context, precondition),
  })

  deleteRoute(app, credentials, {
    url: '/credentials/:key',
    operationId: 'deleteCredential',
    summary: 'Delete a credential',
    description: 'Needs the write scope and If-Match with the credential\'s current ETag. A credential that ' +
      'careers link to is a 409 unless `cascade=true`, which removes those links too.',
    querystring: Type.Object({
      cascade: Type.Boolean({ default: false, description: 'Also remove the links careers have to it.' }),
    }, { additionalProperties: false }),
    missing: 'No such credential',
    conflict: 'Careers link to it and cascade was not asked for',
    remove: (db, { key }, { cascade }, context, precondition) =>
      deleteCredential(db, key, cascade, context, precondition),
  })
}

export default credentialWriteRoutes
