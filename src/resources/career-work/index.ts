// What O*NET says about a career's work (O*NET Technology Skills, Interests and Work
// Styles, imported by src/import/onet.ts): the sub-resources /careers/{key}/technology-skills,
// /interests and /work-styles, and the subqueries a career profile nests for its `work`
// summary and `dutiesFrom`. Lives here: queries.ts, routes.ts, schemas.ts.
// May import shared infrastructure (src/db, src/http, src/schemas, src/errors.ts) and
// careers' careerByKey, CareerKeyParams, NoQuery and attributions.ts (the notices O*NET's
// license asks for); careers imports the subqueries and schemas its profile nests.
import type { Resource } from '../resource.js'
import routes from './routes.js'
import { careerWorkSchemas } from './schemas.js'

const careerWork: Resource = {
  schemas: careerWorkSchemas,
  routes: [routes],
  prefix: '/v1',
}

export default careerWork
