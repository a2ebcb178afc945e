// Careers side by side, as the reference page's chart shows them. May import shared
// infrastructure and the read queries of careers, career-figures and code-lists.
import type { Resource } from '../resource.js'
import routes from './routes.js'
import { compareSchemas } from './schemas.js'

const compare: Resource = {
  schemas: compareSchemas,
  routes: [routes],
  prefix: '/v1',
}

export default compare
