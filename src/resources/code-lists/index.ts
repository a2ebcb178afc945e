// Code lists the figures are published under (industries, areas) and the sources they
// cite. May import shared infrastructure only: the other resources import from here.
import type { Resource } from '../resource.js'
import routes from './routes.js'
import { codeListSchemas } from './schemas.js'

const codeLists: Resource = {
  schemas: codeListSchemas,
  routes: [routes],
  prefix: '/v1',
}

export default codeLists
