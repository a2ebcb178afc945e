// The requests each scenario cycles through, built from a dataset's sample keys: shared by
// bench/run.ts and bench/growth.ts, so that both measure the same things.
import { FIELDS, QUALIFIERS, ROLES, SEARCH_QUERIES } from './dataset.js'

export interface Scenarios {
  profile: Array<{ path: string }>
  search: Array<{ path: string }>
  compare: Array<{ path: string }>
  salaries: Array<{ path: string }>
  lists: Array<{ path: string }>
}

/**
 * The hand-picked queries, then field and role pairs, qualified roles and misspelt fields
 * from the dataset's vocabulary: enough distinct queries that the answer cache keeps
 * computing new ones throughout a run.
 */
export function searchQueries (count: number): string[] {
  const queries = new Set(SEARCH_QUERIES)
  for (let i = 0; queries.size < count; i++) {
    const field = (FIELDS[(i * 7) % FIELDS.length] ?? '').toLowerCase()
    const role = (ROLES[(i * 11) % ROLES.length] ?? '').toLowerCase()
    const qualifier = (QUALIFIERS[(i * 3) % QUALIFIERS.length] ?? '').toLowerCase()
    const misspelt = field.slice(0, 2) + field.slice(3)
    queries.add([`${field} ${role}`, `${qualifier} ${role}`, `${misspelt} ${role}`][i % 3] ?? field)
  }
  return [...queries]
}

// The lists partners publish: every sort in both directions, with the figure and profile
// filters alone and combined, and with a query: distinct requests the cache has not seen.
const LIST_SORTS = ['median-wage', 'growth', 'openings', 'employment', 'title', 'soc']
const LIST_FILTERS = ['', 'minWage=50000&maxWage=60000', 'minGrowth=5', 'education=bachelor,master',
  'jobZone=4,5', 'kind=occupation,group&publishedAs=occupation', 'education=bachelor&minWage=80000',
  'soc=29', `q=${encodeURIComponent(SEARCH_QUERIES[0] ?? 'nurse')}`]

export function scenarios (keys: string[], area: string): Scenarios {
  const profile = keys.map((key) => ({ path: `/v1/careers/${encodeURIComponent(key)}` }))
  const search = searchQueries(300).map((q) => ({ path: `/v1/careers?q=${encodeURIComponent(q)}` }))
  const compare = keys.map((key, i) => {
    const others = [1, 2].map((k) => keys[(i + k * 7) % keys.length] ?? key)
    return { path: `/v1/compare?careers=${[key, ...others].map(encodeURIComponent).join(',')}&area=US` }
  })
  const salaries = keys.map((key, i) => {
    const query = ['', '?industry=any', `?area=${area}`, ''][i % 4] ?? ''
    return { path: `/v1/careers/${encodeURIComponent(key)}/salaries${query}` }
  })
  const lists = LIST_SORTS.flatMap((sort) => ['desc', 'asc'].flatMap((order) => LIST_FILTERS.map((filter) => ({
    path: `/v1/careers?sort=${sort}&order=${order}&limit=20${filter === '' ? '' : `&${filter}`}`,
  }))))
  return { profile, search, compare, salaries, lists }
}
