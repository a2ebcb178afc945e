// Liveness and readiness probes, at the root rather than under /v1. Lives here: routes.ts
// (its one schema, ProbeStatus, is shared). May import shared infrastructure (src/db,
// including the migrations runner, src/schemas, src/errors.ts); no resource.
import type { Resource } from '../resource.js'
import routes from './routes.js'

const health: Resource = {
  schemas: [],
  routes: [routes],
  prefix: '',
}

export default health
