// A career is published under its SOC 2018 code and, before 2018, under the SOC 2010 codes
// the crosswalk maps to it. Wages and projections of either vintage reach it this way.
import { sql, type Expression, type SqlBool } from 'kysely'

/**
 * True when the row's (version, code) belongs to the career's SOC 2018 code.
 * `version` and `code` are SQL references of the row being matched. The 2010 codes come as
 * an array computed once, so the index on (soc_version, soc_code, …) serves both branches.
 */
export function publishedUnder (version: Expression<number>, code: Expression<string>, soc2018: string): Expression<SqlBool> {
  return sql<SqlBool>`(
    (${version} = 2018 and ${code} = ${soc2018})
    or (${version} = 2010 and ${code} = any(array(select soc2010 from soc_crosswalk where soc2018 = ${soc2018})))
  )`
}
