// Registers every shared schema once; routes refer to them by $id.
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { careerLinkSchemas } from '../schemas/career-links.js'
import { careerWriteSchemas } from '../schemas/career-writes.js'
import { careerSchemas } from '../schemas/careers.js'
import { changeSchemas } from '../schemas/changes.js'
import { codeListSchemas } from '../schemas/codeLists.js'
import { compareSchemas } from '../schemas/compare.js'
import { sharedSchemas } from '../schemas/common.js'
import { credentialWriteSchemas } from '../schemas/credential-writes.js'
import { credentialSchemas } from '../schemas/credentials.js'
import { fieldOfStudySchemas } from '../schemas/fields-of-study.js'
import { periodSchemas } from '../schemas/periods.js'
import { programSchemas } from '../schemas/programs.js'
import { projectionSchemas } from '../schemas/projections.js'
import { wageSchemas } from '../schemas/wages.js'

export const allSchemas = [
  ...sharedSchemas, ...codeListSchemas, ...wageSchemas, ...projectionSchemas, ...credentialSchemas, ...fieldOfStudySchemas, ...programSchemas, ...careerSchemas,
  ...compareSchemas, ...careerWriteSchemas, ...credentialWriteSchemas, ...careerLinkSchemas, ...periodSchemas, ...changeSchemas,
]

async function schemasPlugin (app: FastifyInstance): Promise<void> {
  for (const schema of allSchemas) app.addSchema(schema)
}

export default fp(schemasPlugin, { name: 'schemas', fastify: '5.x' })
