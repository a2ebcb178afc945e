// Careers side by side, as the reference page's chart shows them. Lives here: queries.ts,
// routes.ts (GET /compare) and schemas.ts. May import shared infrastructure (src/db,
// src/schemas, src/errors.ts) and the read queries and schemas of the resources a column
// shows: careers' findCareer, career-figures, credentials, fields-of-study, and code-lists'
// requireArea.
import type { Resource } from '../resource.js'
import routes from './routes.js'
import { compareSchemas } from './schemas.js'

const compare: Resource = {
  schemas: compareSchemas,
  routes: [routes],
  prefix: '/v1',
}

export default compare
