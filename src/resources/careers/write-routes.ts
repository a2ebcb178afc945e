// Editors' writes to careers: create, merge-patch and delete. Each needs a key with the
// write scope; changes to an existing career need If-Match with its current ETag.
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { createCareer, deleteCareer, updateCareer } from './write-queries.js'
import { errors } from '../../errors.js'
import { acceptMergePatch } from '../../writes/http.js'
import { createRoute, deleteRoute, patchRoute, type Writable } from '../../writes/routes.js'
import { CareerInput, CareerPatch } from './write-schemas.js'
import { Career, CareerKeyParams } from './schemas.js'

const careers: Writable<typeof Career, typeof CareerKeyParams> = {
  tags: ['careers'],
  item: Career,
  what: 'the career',
  params: CareerKeyParams,
  notFound: ({ key }) => errors.careerNotFound(key),
  stale: 'The career changed since the ETag was read',
}

const careerWriteRoutes: FastifyPluginAsyncTypebox = async (app) => {
  acceptMergePatch(app)

  createRoute(app, careers, {
    url: '/careers',
    operationId: 'createCareer',
    summary: 'Create a career',
    description: 'Needs an API key with the write scope. Answers the new profile with its ETag and Location. ' +
      'A slug or SOC code already in use is a 409.',
    body: CareerInput,
    created: 'Created: the new profile',
    conflict: 'The slug or SOC code is taken',
    create: createCareer,
    location: (created) => `/v1/careers/${created.slug}`,
  })

  patchRoute(app, careers, {
    url: '/careers/:key',
    operationId: 'updateCareer',
    summary: 'Change a career (JSON merge patch)',
    description: 'Needs the write scope and If-Match with the current ETag. The body is a JSON merge patch ' +
      '(RFC 7396; `application/merge-patch+json` or `application/json`): fields sent replace, null clears, ' +
      'lists are replaced whole. Answers the changed profile with its new ETag.',
    body: CareerPatch,
    changed: 'The changed profile',
    missing: 'No such career',
    conflict: 'The new slug or SOC code is taken',
    update: (db, { key }, patch, context, precondition) => updateCareer(db, key, patch, context, precondition),
  })

  deleteRoute(app, careers, {
    url: '/careers/:key',
    operationId: 'deleteCareer',
    summary: 'Delete a career',
    description: 'Needs the write scope and If-Match with the current ETag. A career that related careers or ' +
      'credentials refer to is a 409 unless `cascade=true`, which removes those links too.',
    querystring: Type.Object({
      cascade: Type.Boolean({
        default: false, description: 'Also remove relations and credential links that refer to it.',
      }),
    }, { additionalProperties: false }),
    missing: 'No such career',
    conflict: 'Others refer to it and cascade was not asked for',
    remove: (db, { key }, { cascade }, context, precondition) => deleteCareer(db, key, cascade, context, precondition),
  })
}

export default careerWriteRoutes
