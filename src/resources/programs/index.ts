// Degree programs and the institutions that offer them, and the editors' writes. May
// import shared infrastructure and fields-of-study's schemas.
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
