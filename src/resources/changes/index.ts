// The change feed: every editor's write in commit order, from the audit log. Lives here:
// routes.ts (GET /changes) and schemas.ts. May import shared infrastructure (src/http,
// src/schemas, src/errors.ts, and src/writes/audit.ts, which keeps the log); no resource.
import type { Resource } from '../resource.js'
import routes from './routes.js'
import { changeSchemas } from './schemas.js'

const changes: Resource = {
  schemas: changeSchemas,
  routes: [routes],
  prefix: '/v1',
}

export default changes
