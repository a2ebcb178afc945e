import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { findCredential, listCredentials } from './queries.js'
import { errors } from '../../errors.js'
import { NoQuery } from '../careers/schemas.js'
import { problemResponse } from '../../schemas/common.js'
import { keyedOperation, listOperation } from '../../schemas/operations.js'
import { Credential, CredentialKeyParams, CredentialList, CredentialListQuery } from './schemas.js'
import { response } from '../../schemas/ref.js'

const credentialRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/credentials', {
    schema: listOperation({
      tags: ['credentials'],
      operationId: 'listCredentials',
      summary: 'List credentials',
      description: 'Certifications, licenses and certificates by name, filtered by kind, issuing body and text. ' +
        'Paginated with an opaque cursor.',
      querystring: CredentialListQuery,
    }, response(CredentialList, 'A page of credentials')),
  }, async (request) => listCredentials(app.readDb, request.query))

  app.get('/credentials/:key', {
    schema: keyedOperation({
      tags: ['credentials'],
      operationId: 'getCredential',
      summary: 'A credential and the careers it serves',
      description: 'Issuer or jurisdiction, requirements, renewal and source, and each career it serves with the ' +
        'level that career asks for. The key is the slug or the abbreviation (RHIT), case-insensitive.',
      params: CredentialKeyParams,
      querystring: NoQuery,
    }, response(Credential, 'The credential'), problemResponse('No such credential')),
  }, async (request) => {
    const credential = await findCredential(app.readDb, request.params.key)
    if (credential === undefined) throw errors.credentialNotFound(request.params.key)
    return credential
  })
}

export default credentialRoutes
