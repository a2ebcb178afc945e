// A career's figures: wage estimates by period and projections by cycle, as published
// (through the SOC codes a career is published under), and the editors' writes of one
// period or cycle. May import shared infrastructure and code-lists' queries.
import type { Resource } from '../resource.js'
import routes from './period-routes.js'
import { periodSchemas } from './period-schemas.js'
import { projectionSchemas } from './projection-schemas.js'
import { wageSchemas } from './wage-schemas.js'

const careerFigures: Resource = {
  schemas: [...wageSchemas, ...projectionSchemas, ...periodSchemas],
  routes: [routes],
  prefix: '/v1',
}

export default careerFigures
