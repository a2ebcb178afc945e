// Liveness and readiness probes, at the root rather than under /v1. May import shared
// infrastructure.
import type { Resource } from '../resource.js'
import routes from './routes.js'

const health: Resource = {
  schemas: [],
  routes: [routes],
  prefix: '',
}

export default health
