// The server a team would otherwise hand-roll: node:http and pg, no framework, no
// validation, no hooks; Postgres builds each answer's JSON in one statement
// (json_build_object / json_agg), as PostgREST does. It answers the same profile and the
// same search as the service, so the benchmark can compare the two in one run.
import { createServer, type ServerResponse } from 'node:http'
import pg from 'pg'

// The service's search setting, so both find the same careers.
const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.DB_POOL_MAX ?? 10),
  options: '-c pg_trgm.word_similarity_threshold=0.4',
})

const source = (alias: string): string =>
  `json_build_object('slug', ${alias}.slug, 'publisher', ${alias}.publisher, 'dataset', ${alias}.dataset,
  'referencePeriod', ${alias}.reference_period, 'url', ${alias}.url, 'notice', ${alias}.notice)`
const figures = (unit: string): string =>
  `json_build_object('mean', w.${unit}_mean, 'p10', w.${unit}_p10, 'p25', w.${unit}_p25,
  'median', w.${unit}_median, 'p75', w.${unit}_p75, 'p90', w.${unit}_p90)`
const publishedUnder = (version: string, code: string): string =>
  `((${version} = 2018 and ${code} = c.soc_code)
  or (${version} = 2010 and ${code} = any(array(select soc2010 from soc_crosswalk where soc2018 = c.soc_code))))`

function profileSql (where: string): string {
  return `select json_build_object(
  'id', c.id, 'slug', c.slug, 'title', c.title, 'socCode', c.soc_code,
  'alternateTitles', coalesce((select json_agg(a.title order by a.title)
    from career_alternate_title a where a.career_id = c.id), '[]'),
  'summary', c.summary, 'duties', c.duties, 'workEnvironment', c.work_environment,
  'education', json_build_object(
    'typical', (select json_build_object('code', e.code, 'label', e.label)
      from education_level e where e.code = c.typical_education),
    'degreeRequired', c.degree_required, 'fieldsOfStudy', c.fields_of_study),
  'licensure', c.licensure, 'advancement', c.advancement,
  'credentials', coalesce((select json_agg(json_build_object(
      'slug', cr.slug, 'abbreviation', cr.abbreviation, 'name', cr.name, 'kind', cr.kind,
      'issuer', case when o.id is null then null
        else json_build_object('slug', o.slug, 'name', o.name, 'abbreviation', o.abbreviation, 'url', o.url) end,
      'jurisdiction', cr.jurisdiction, 'requirements', cr.requirements, 'renewal', cr.renewal,
      'source', case when s.id is null then null else ${source('s')} end, 'level', cc.level, 'note', cc.note)
      order by array_position(array['required','typically-required','preferred','optional'], cc.level), cr.name, cr.id)
    from career_credential cc join credential cr on cr.id = cc.credential_id
    left join organization o on o.id = cr.issuer_id left join source s on s.id = cr.source_id
    where cc.career_id = c.id), '[]'),
  'related', coalesce((select json_agg(json_build_object('kind', r.kind, 'direction', r.direction,
      'career', json_build_object('id', r.id, 'slug', r.slug, 'title', r.title, 'socCode', r.soc_code))
      order by r.kind, r.direction desc, r.title, r.id)
    from (select r.kind, 'outgoing' as direction, o.id, o.slug, o.title, o.soc_code
      from career_relation r join career o on o.id = r.to_career_id where r.from_career_id = c.id
      union all
      select r.kind, 'incoming', o.id, o.slug, o.title, o.soc_code
      from career_relation r join career o on o.id = r.from_career_id where r.to_career_id = c.id) r), '[]'),
  'wage', (select json_build_object(
      'socCode', w.soc_code, 'socVersion', w.soc_version, 'occupationTitle', w.occupation_title,
      'period', w.period_year || '-' || lpad(w.period_month::text, 2, '0'),
      'periodLabel', trim(to_char(make_date(w.period_year, w.period_month, 1), 'Month')) || ' ' || w.period_year,
      'area', json_build_object('code', ar.code, 'name', ar.name), 'industry', null,
      'employment', w.employment, 'currency', 'USD',
      'annual', ${figures('annual')}, 'hourly', ${figures('hourly')},
      'footnotes', (select coalesce(json_agg(
          json_build_object('field', replace(f.key, '_', '.'), 'code', f.value)), '[]')
        from jsonb_each_text(w.flags) f),
      'source', ${source('s')})
    from wage_estimate w join area ar on ar.code = w.area_code join source s on s.id = w.source_id
    where ${publishedUnder('w.soc_version', 'w.soc_code')} and w.area_code = 'US' and w.industry_code is null
    order by w.period_year desc, w.period_month desc, w.soc_version desc, w.soc_code limit 1),
  'outlook', (select json_build_object(
      'socCode', p.soc_code, 'socVersion', pc.soc_version, 'occupationTitle', p.occupation_title,
      'baseYear', pc.base_year, 'targetYear', pc.target_year,
      'baseEmployment', p.base_employment, 'projectedEmployment', p.projected_employment,
      'changeNumeric', p.change_numeric, 'changePercent', p.change_percent, 'annualOpenings', p.annual_openings,
      'descriptor', (select b.descriptor from projection_band b
        where b.cycle_id = p.cycle_id and b.min_percent <= p.change_percent order by b.min_percent desc limit 1),
      'source', ${source('s')})
    from projection p join projection_cycle pc on pc.id = p.cycle_id join source s on s.id = p.source_id
    where ${publishedUnder('pc.soc_version', 'p.soc_code')}
    order by pc.base_year desc, p.soc_code limit 1),
  'updatedAt', to_char(c.updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
)::text as body from career c where ${where}`
}

const PROFILE = {
  id: profileSql('c.id = $1::int'),
  soc: profileSql('c.soc_code = $1'),
  slug: profileSql('c.slug = lower($1)'),
}

// The service's relevance (src/data/careers.ts): full-text prefix matches on the per-career
// search documents plus trigram word similarity to the title. The first page only: no cursor.
const SEARCH = `with query as materialized (select career_search_tsquery($1) as tsq),
  m as (
    select s.career_id, round((ts_rank(s.document, query.tsq)::float8
      + case when $1 <% c.title then word_similarity($1, c.title)::float8 else 0 end)::numeric, 6)::float8 as score
    from query, career_search s join career c on c.id = s.career_id where s.document @@ query.tsq
  ),
  page as (
    select c.id, c.slug, c.title, c.soc_code, c.summary, e.code, e.label, m.score
    from m join career c on c.id = m.career_id
    left join education_level e on e.code = c.typical_education order by m.score desc, c.id limit 20
  )
  select json_build_object('data', coalesce(json_agg(json_build_object(
    'id', id, 'slug', slug, 'title', title, 'socCode', soc_code,
    'typicalEducation', case when code is null then null else json_build_object('code', code, 'label', label) end,
    'summary', summary)
    order by score desc, id), '[]'), 'nextCursor', null)::text as body from page`

// BASELINE_PREPARED=1: each statement named, so Postgres parses and plans it once per
// connection (as PostgREST does by default, and as the service does).
const PREPARED = process.env.BASELINE_PREPARED === '1'
const names = new Map<string, string>()
const nameOf = (text: string): string => {
  const known = names.get(text)
  if (known !== undefined) return known
  const name = `baseline_${names.size}`
  names.set(text, name)
  return name
}

async function answer (response: ServerResponse, text: string, values: unknown[]): Promise<void> {
  const result = await pool.query<{ body: string | null }>(
    PREPARED ? { name: nameOf(text), text, values } : { text, values },
  )
  const body = result.rows[0]?.body ?? null
  if (body === null) {
    response.writeHead(404, { 'content-type': 'application/json' }).end('{"status":404}')
    return
  }
  response.writeHead(200, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
  }).end(body)
}

const server = createServer((request, response) => {
  const url = new URL(request.url ?? '/', 'http://localhost')
  const key = /^\/v1\/careers\/([^/]+)$/.exec(url.pathname)?.[1]
  let work: Promise<void>
  if (url.pathname === '/readyz') work = answer(response, `select '{"status":"ready"}' as body`, [])
  else if (url.pathname === '/v1/careers' && url.searchParams.has('q')) {
    work = answer(response, SEARCH, [url.searchParams.get('q')])
  } else if (key !== undefined) {
    const decoded = decodeURIComponent(key)
    const statement = /^[0-9]{1,9}$/.test(decoded)
      ? PROFILE.id
      : /^[0-9]{2}-[0-9]{4}$/.test(decoded) ? PROFILE.soc : PROFILE.slug
    work = answer(response, statement, [decoded])
  } else {
    response.writeHead(404).end()
    return
  }
  work.catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`)
    if (!response.headersSent) response.writeHead(500)
    response.end()
  })
})

server.listen(Number(process.env.PORT ?? 3000), process.env.HOST ?? '127.0.0.1')
process.once('SIGTERM', () => { server.close(() => { void pool.end().then(() => process.exit(0)) }) })
