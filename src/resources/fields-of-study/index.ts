// Fields of study (NCES CIP 2020) and the occupations the CIP–SOC crosswalks link them
// to. May import shared infrastructure.
import type { Resource } from '../resource.js'
import routes from './routes.js'
import { fieldOfStudySchemas } from './schemas.js'

const fieldsOfStudy: Resource = {
  schemas: fieldOfStudySchemas,
  routes: [routes],
  prefix: '/v1',
}

export default fieldsOfStudy
