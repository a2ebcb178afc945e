// Credentials (certifications, licenses, certificates) with their issuers, the careers
// that ask for them, and the editors' writes. May import shared infrastructure.
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
