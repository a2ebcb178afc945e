// Editors' writes to credentials: create, merge-patch and delete. Each needs a key with the
// write scope; changes to an existing credential need If-Match with its current ETag.
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { CredentialBody } from './queries.js'
import { createCredential, deleteCredential, updateCredential } from './write-queries.js'
import { HttpProblem } from '../../http/problem.js'
import { acceptMergePatch, authProblems, etagOf, ifMatch, ifMatchHeaders, writeContext } from '../../writes/http.js'
import { problemResponse } from '../../schemas/common.js'
import { CredentialInput, CredentialPatch } from './write-schemas.js'
import { Credential, CredentialKeyParams } from './schemas.js'
import { credentialExample } from '../../schemas/examples.js'
import { ref, response } from '../../schemas/ref.js'

const CREDENTIAL = ref(Credential)
const WHAT = 'the credential'

function notFound (key: string): HttpProblem {
  return HttpProblem.notFound(`No credential has the slug or abbreviation ${key}.`)
}

const credentialWriteRoutes: FastifyPluginAsyncTypebox = async (app) => {
  acceptMergePatch(app)

  app.post('/credentials', {
    config: { scope: 'write' },
    schema: {
      tags: ['credentials'],
      operationId: 'createCredential',
      summary: 'Create a credential',
      description: 'Needs an API key with the write scope. Answers the new credential with its ETag and Location. ' +
        'A slug or abbreviation already in use is a 409; an unknown issuer or source, or neither issuer nor ' +
        'jurisdiction, a 400.',
      body: ref(CredentialInput),
      response: {
        201: response(Credential, 'Created', credentialExample),
        400: problemResponse('The body is invalid'),
        ...authProblems,
        409: problemResponse('The slug or abbreviation is taken'),
        415: problemResponse('The body is not JSON'),
      },
    },
  }, async (request, reply) => {
    const created = await createCredential(app.db, request.body, writeContext(request))
    reply.code(201)
      .header('location', `/v1/credentials/${created.slug}`)
      .header('etag', etagOf(reply, CREDENTIAL, created))
    return created
  })

  app.patch('/credentials/:key', {
    config: { scope: 'write' },
    schema: {
      tags: ['credentials'],
      operationId: 'updateCredential',
      summary: 'Change a credential (JSON merge patch)',
      description: 'Needs the write scope and If-Match with the credential\'s current ETag. The body is a JSON ' +
        'merge patch (RFC 7396; `application/merge-patch+json` or `application/json`): fields sent replace, ' +
        'null clears. Answers the changed credential with its new ETag.',
      params: CredentialKeyParams,
      headers: ifMatchHeaders(WHAT),
      body: ref(CredentialPatch),
      response: {
        200: response(Credential, 'The changed credential', credentialExample),
        400: problemResponse('The patch is invalid'),
        ...authProblems,
        404: problemResponse('No such credential'),
        409: problemResponse('The new slug or abbreviation is taken'),
        412: problemResponse('The credential changed since the ETag was read'),
        415: problemResponse('The body is not JSON'),
        428: problemResponse('If-Match is missing'),
      },
    },
  }, async (request, reply) => {
    const precondition = ifMatch<CredentialBody>(request, reply, WHAT, CREDENTIAL)
    const updated = await updateCredential(
      app.db, request.params.key, request.body, writeContext(request), precondition,
    )
    if (updated === undefined) throw notFound(request.params.key)
    reply.header('etag', etagOf(reply, CREDENTIAL, updated))
    return updated
  })

  app.delete('/credentials/:key', {
    config: { scope: 'write' },
    schema: {
      tags: ['credentials'],
      operationId: 'deleteCredential',
      summary: 'Delete a credential',
      description: 'Needs the write scope and If-Match with the credential\'s current ETag. A credential that ' +
        'careers link to is a 409 unless `cascade=true`, which removes those links too.',
      params: CredentialKeyParams,
      headers: ifMatchHeaders(WHAT),
      querystring: Type.Object({
        cascade: Type.Boolean({ default: false, description: 'Also remove the links careers have to it.' }),
      }, { additionalProperties: false }),
      response: {
        204: Type.Null({ description: 'Deleted' }),
        400: problemResponse('A parameter is invalid'),
        ...authProblems,
        404: problemResponse('No such credential'),
        409: problemResponse('Careers link to it and cascade was not asked for'),
        412: problemResponse('The credential changed since the ETag was read'),
        428: problemResponse('If-Match is missing'),
      },
    },
  }, async (request, reply) => {
    const precondition = ifMatch<CredentialBody>(request, reply, WHAT, CREDENTIAL)
    const deleted = await deleteCredential(
      app.db, request.params.key, request.query.cascade, writeContext(request), precondition,
    )
    if (!deleted) throw notFound(request.params.key)
    return reply.code(204).send(null)
  })
}

export default credentialWriteRoutes
