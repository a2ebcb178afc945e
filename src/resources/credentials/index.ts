// Credentials (certifications, licenses, certificates) with their issuers, the careers
// that ask for them, and the editors' writes. Lives here: queries.ts, routes.ts, schemas.ts
// (reads, and what a career's profile nests); write-queries.ts, write-routes.ts,
// write-schemas.ts (create, patch, delete). May import shared infrastructure (src/db,
// src/http, src/schemas, src/writes, src/errors.ts) and careers' NoQuery.
import type { Resource } from '../resource.js'
import routes from './routes.js'
import { credentialSchemas } from './schemas.js'
import writeRoutes from './write-routes.js'
import { credentialWriteSchemas } from './write-schemas.js'

const credentials: Resource = {
  schemas: [...credentialSchemas, ...credentialWriteSchemas],
  routes: [routes, writeRoutes],
  prefix: '/v1',
}

export default credentials
