// The change feed: every editor's write in commit order, from the audit log (writes/).
// May import shared infrastructure.
import type { Resource } from '../resource.js'
import routes from './routes.js'
import { changeSchemas } from './schemas.js'

const changes: Resource = {
  schemas: changeSchemas,
  routes: [routes],
  prefix: '/v1',
}

export default changes
