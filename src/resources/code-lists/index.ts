// Code lists the figures are published under: NAICS industries and areas. Lives here: their
// list routes (routes.ts), queries with the checks that a filter names an existing code
// (queries.ts: requireArea, requireIndustry, which career-figures and compare import), and
// schemas (schemas.ts). May import shared infrastructure only (src/db, src/http, src/schemas,
// src/errors.ts), no other resource.
import type { Resource } from '../resource.js'
import routes from './routes.js'
import { codeListSchemas } from './schemas.js'

const codeLists: Resource = {
  schemas: codeListSchemas,
  routes: [routes],
  prefix: '/v1',
}

export default codeLists
