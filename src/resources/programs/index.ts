// Degree programs and the institutions that offer them, and the editors' writes. Lives
// here: queries.ts, routes.ts, schemas.ts (reads, including a career's programs);
// write-queries.ts, write-routes.ts (create, patch, delete of both). May import shared
// infrastructure (src/db, src/http, src/schemas, src/writes, src/errors.ts), careers'
// findCareer, CareerKeyParams and NoQuery, and fields-of-study's CIP schemas and its check
// that CIP codes exist.
import type { Resource } from '../resource.js'
import routes from './routes.js'
import { programSchemas } from './schemas.js'
import writeRoutes from './write-routes.js'

const programs: Resource = {
  schemas: programSchemas,
  routes: [routes, writeRoutes],
  prefix: '/v1',
}

export default programs
