// Careers: the profile, search and lists, related careers, and the editors' writes of a
// career, its credential links and its relations. May import shared infrastructure (db/,
// http/, schemas/, writes/) and the read queries and schemas of career-figures, credentials,
// fields-of-study, programs and code-lists, whose figures a profile shows.
import type { Resource } from '../resource.js'
import linkRoutes from './link-routes.js'
import { careerLinkSchemas } from './link-schemas.js'
import routes from './routes.js'
import { careerSchemas } from './schemas.js'
import writeRoutes from './write-routes.js'
import { careerWriteSchemas } from './write-schemas.js'

const careers: Resource = {
  schemas: [...careerSchemas, ...careerWriteSchemas, ...careerLinkSchemas],
  routes: [routes, writeRoutes, linkRoutes],
  prefix: '/v1',
}

export default careers
