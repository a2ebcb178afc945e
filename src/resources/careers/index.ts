// Careers: the profile, search and lists, related careers, and the editors' writes of a
// career, its credential links and its relations. Lives here: queries.ts, routes.ts,
// schemas.ts (reads: search, profile, and a career's salaries, outlook, credentials and
// related careers); attributions.ts (the notices a profile's sources require);
// write-queries.ts, write-routes.ts, write-schemas.ts (create, patch, delete); and
// link-queries.ts, link-routes.ts, link-schemas.ts (credential links and relations); kinds.ts
// (official careers before editorial ones).
// May import shared infrastructure (src/db, src/http, src/schemas, src/writes, src/errors.ts)
// and the read queries and schemas of career-figures, credentials, fields-of-study and
// career-work, whose facts a profile shows (and fields-of-study's CIP checks for writes).
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
