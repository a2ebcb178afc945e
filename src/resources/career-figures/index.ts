// A career's figures: wage estimates by period and projections by cycle, as published
// (through the SOC codes a career is published under), and the editors' writes of one
// period or cycle. Lives here: wage-queries.ts, wage-schemas.ts and projection-queries.ts,
// projection-schemas.ts (the lists careers/routes.ts serves under /careers/{key}, and what a
// profile nests); published-codes.ts (the codes a career is published under); and
// period-queries.ts, period-routes.ts, period-schemas.ts (one period or cycle, read and
// replaced whole: the only routes registered here).
// May import shared infrastructure (src/db, src/http, src/schemas, src/writes, src/errors.ts),
// code-lists' requireArea and requireIndustry, and careers' findCareer, NoQuery and the
// careerRows of its writes.
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
