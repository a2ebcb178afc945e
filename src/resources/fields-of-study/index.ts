// Fields of study (NCES CIP 2020) and the occupations the CIP–SOC crosswalks link them
// to. Lives here: queries.ts (search, one code, a career's fields, the check that CIP codes
// exist), routes.ts and schemas.ts. May import shared infrastructure (src/db, src/http,
// src/schemas, src/errors.ts) and careers' NoQuery and kinds.ts (which career answers for a code).
import type { Resource } from '../resource.js'
import routes from './routes.js'
import { fieldOfStudySchemas } from './schemas.js'

const fieldsOfStudy: Resource = {
  schemas: fieldOfStudySchemas,
  routes: [routes],
  prefix: '/v1',
}

export default fieldsOfStudy
