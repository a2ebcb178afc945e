// Sources: the publishers and datasets every figure cites. Lives here: the list route
// (routes.ts), its query (queries.ts) and schemas (schemas.ts; the `Source` shape itself is
// shared, in src/schemas/common.ts), and upsert.ts, the write the importers and the seed use.
// May import shared infrastructure only (src/db, src/http, src/schemas); no other resource.
import type { Resource } from '../resource.js'
import routes from './routes.js'
import { sourceSchemas } from './schemas.js'

const sources: Resource = {
  schemas: sourceSchemas,
  routes: [routes],
  prefix: '/v1',
}

export default sources
