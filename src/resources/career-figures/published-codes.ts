// A career is published under its SOC 2018 code; before 2018, under the SOC 2010 codes the
// crosswalk maps to it; and, where BLS publishes the occupation only within a broader code
// (31-1121 within 31-1120, 21-1011 within 21-1018), under that code. Wages and projections
// of every kind reach it this way, and say which kind they are.
import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely'
import type { Operand } from '../../db/queryable.js'

/** Military occupations (SOC major group 55): neither OEWS nor Employment Projections survey them. */
export const MILITARY_SOC = /^55-/

export const militaryNotice = {
  reason: 'not-surveyed' as const,
  detail: 'BLS does not survey military occupations (SOC major group 55): OEWS wage estimates and ' +
    'Employment Projections cover civilian jobs only, so no wage or outlook is published for this career.',
}

export const noSocNotice = {
  reason: 'no-soc-code' as const,
  detail: 'This career has no SOC code: it spans several occupations, and BLS publishes wages and projections ' +
    'for occupations only. Its specializations (its related careers of kind `specialization`) carry their figures.',
}

/** Why a career with this SOC 2018 code (or none) has no figures at all; null when it may have some. */
export function notPublishedFor (soc2018: string | null): typeof militaryNotice | typeof noSocNotice | null {
  if (soc2018 === null) return noSocNotice
  return MILITARY_SOC.test(soc2018) ? militaryNotice : null
}

/**
 * The career's SOC 2018 code: a value for one career's figures, or a column reference where
 * a query reads the figures of many careers at once (related careers, lists).
 */
export type SocOf = Operand<string>

/**
 * True when the row's (version, code) belongs to the career's SOC 2018 code.
 * `version` and `code` are SQL references of the row being matched. The 2010 codes come as
 * an array computed once, so the index on (soc_version, soc_code, …) serves both branches.
 */
export function publishedUnder (
  version: Expression<number>, code: Expression<string>, soc2018: SocOf,
): Expression<SqlBool> {
  const groupCodes = sql`array(select published_code from soc_published_group where soc2018 = ${soc2018})`
  return sql<SqlBool>`(
    (${version} = 2018 and ${code} = ${soc2018})
    or (${version} = 2018 and ${code} = any(${groupCodes}))
    or (${version} = 2010 and ${code} = any(array(select soc2010 from soc_crosswalk where soc2018 = ${soc2018})))
  )`
}

/**
 * `occupation` when the row was published for the career's occupation itself: its SOC 2018
 * code, or a SOC 2010 code that maps to it alone. `group` when it covers a broader group:
 * a broad or combined code, or a SOC 2010 code since split among several 2018 occupations.
 */
export function publishedAs (
  version: Expression<number>, code: Expression<string>, soc2018: SocOf,
): RawBuilder<'occupation' | 'group'> {
  return sql<'occupation' | 'group'>`(case
    when ${version} = 2018 and ${code} = ${soc2018} then 'occupation'
    when ${version} = 2010 and (select count(*) from soc_crosswalk x where x.soc2010 = ${code}) = 1 then 'occupation'
    else 'group'
  end)`
}

/** Sorts the career's own code before a broader one when a period has both. */
export function ownCodeFirst (code: Expression<string>, soc2018: SocOf): RawBuilder<number> {
  return sql<number>`(case when ${code} = ${soc2018} then 0 else 1 end)`
}
