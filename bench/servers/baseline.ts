// The server a team would otherwise hand-roll: node:http and pg, no framework, no
// validation, no hooks; Postgres builds each answer's JSON in one statement
// (json_build_object / json_agg), as PostgREST does. Its profile is the service's answer,
// field for field (bench/same-answer.ts checks every key of a run), so that the benchmark
// compares two ways of serving one answer; its search finds the service's matches in the
// same order, with fewer fields per row (no headline, match or attributions). The service
// now builds its profile the same way (src/resources/careers/profile-json.ts, derived from
// this statement); this one stays written apart on purpose, as the second implementation
// the same-answer check compares with, rather than importing the service's.
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

// k.soc is the career's SOC 2018 code, '' without one (no row has it).
const publishedUnder = (version: string, code: string): string =>
  `((${version} = 2018 and ${code} = k.soc)
  or (${version} = 2018 and ${code} = any(array(select published_code from soc_published_group where soc2018 = k.soc)))
  or (${version} = 2010 and ${code} = any(array(select soc2010 from soc_crosswalk where soc2018 = k.soc))))`
const publishedAs = (version: string, code: string): string => `(case
  when ${version} = 2018 and ${code} = k.soc then 'occupation'
  when ${version} = 2010 and (select count(*) from soc_crosswalk x where x.soc2010 = ${code}) = 1 then 'occupation'
  else 'group' end)`

// A top-coded figure (footnote #) is null, its floor under atLeast.
const FIGURES = ['mean', 'p10', 'p25', 'median', 'p75', 'p90']
const figures = (unit: string): string => `json_build_object(${FIGURES.map((name) =>
  `'${name}', case when w.flags->>'${unit}_${name}' = '#' then null else w.${unit}_${name} end`).join(', ')},
  'atLeast', jsonb_strip_nulls(jsonb_build_object(${FIGURES.map((name) =>
  `'${name}', case when w.flags->>'${unit}_${name}' = '#' then w.${unit}_${name} end`).join(', ')})))`

// A related career's headline figures, from the table the service reads them from too.
const HEADLINE = `json_build_object(
  'typicalEducation', (select json_build_object('code', e.code, 'label', e.label)
    from education_level e where e.code = o.typical_education),
  'medianAnnualWage', case when o.soc_code is null or f.wage_period_year is null or f.wage_published_as is null
    then null else json_build_object(
      'value', case when f.median_top_coded then null else f.median_annual end,
      'atLeast', case when f.median_top_coded then f.median_annual end,
      'period', f.wage_period_year || '-' || lpad(coalesce(f.wage_period_month, 0)::text, 2, '0'),
      'publishedAs', f.wage_published_as) end,
  'employment', case when o.soc_code is null then null else f.employment end,
  'growth', case when o.soc_code is null or f.base_year is null or f.target_year is null
      or f.growth_published_as is null
    then null else json_build_object('percent', f.change_percent, 'baseYear', f.base_year,
      'targetYear', f.target_year, 'descriptor', f.descriptor, 'publishedAs', f.growth_published_as) end)`

const relatedFrom = (other: string, self: string, direction: string): string =>
  `select r.kind, '${direction}' as direction, r.rank, r.tier, r.source_id, o.id, o.slug, o.title,
    json_build_object('kind', r.kind, 'direction', '${direction}', 'rank', r.rank, 'tier', r.tier,
      'career', json_build_object('id', o.id, 'slug', o.slug, 'title', o.title, 'socCode', o.soc_code),
      'headline', ${HEADLINE}) as body
  from career_relation r join career o on o.id = r.${other}
  left join soc_latest_figures f on f.soc_code = o.soc_code
  where r.${self} = k.id`

const CREDENTIALS = `select cr.kind, cr.name, cr.abbreviation, cc.level,
    json_build_object('slug', cr.slug, 'abbreviation', cr.abbreviation, 'name', cr.name, 'kind', cr.kind,
      'issuer', case when o.id is null then null
        else json_build_object('slug', o.slug, 'name', o.name, 'abbreviation', o.abbreviation, 'url', o.url) end,
      'jurisdiction', cr.jurisdiction, 'requirements', cr.requirements, 'renewal', cr.renewal,
      'source', case when s.id is null then null else ${source('s')} end, 'level', cc.level,
      'levelLabel', case cc.level when 'required' then 'Required' when 'typically-required' then 'Typically required'
        when 'preferred' then 'Preferred' else 'Optional' end,
      'note', cc.note) as body,
    row_number() over (order by array_position(array['required','typically-required','preferred','optional'],
      cc.level), cr.name, cr.id) as position
  from career_credential cc join credential cr on cr.id = cc.credential_id
  left join organization o on o.id = cr.issuer_id left join source s on s.id = cr.source_id
  where cc.career_id = k.id`

const NO_CREDENTIALS_NOTE = 'No credentials are recorded for this career. No national dataset of licenses and ' +
  'certifications is loaded, so this does not mean that none is needed: check the state licensing boards and the ' +
  'Occupational Outlook Handbook.'
const NO_SOC = 'This career has no SOC code: it spans several occupations, and BLS publishes wages and projections ' +
  'for occupations only. Its specializations (its related careers of kind `specialization`) carry their figures.'
const MILITARY = 'BLS does not survey military occupations (SOC major group 55): OEWS wage estimates and ' +
  'Employment Projections cover civilian jobs only, so no wage or outlook is published for this career.'
const NO_BANDS = (cycle: string): string => `'No outlook descriptor: BLS''s wording bands for the ' ||
  ${cycle}.base_year || '–' || right(${cycle}.target_year::text, 2) || ' cycle are not on record here from a ' ||
  'citable source, and the project does not invent them. Compare changePercent with the all-occupations ' ||
  'average EP publishes for the cycle (its Table 1.1).'`

// The same answer as the service's profile (the bench checks it key by key), built whole by
// Postgres: the career, then its parts as lateral subqueries, then one json_build_object.
function profileSql (where: string): string {
  return `with k as (
  select c.*, coalesce(c.soc_code, '') as soc from career c where ${where}
  order by c.kind = 'editorial', c.id limit 1
)
select json_build_object(
  'id', k.id, 'slug', k.slug, 'title', k.title, 'socCode', k.soc_code, 'kind', k.kind,
  'occupation', (select json_build_object('id', oc.id, 'slug', oc.slug, 'title', oc.title, 'socCode', k.soc_code)
    from career oc where k.kind = 'editorial' and oc.soc_code = k.soc_code and oc.kind <> 'editorial'),
  'alternateTitles', coalesce((select json_agg(a.title order by a.title)
    from career_alternate_title a where a.career_id = k.id), '[]'),
  'summary', k.summary, 'duties', k.duties,
  'dutiesFrom', (select json_build_object('onetSocCode', k.duties_onet_soc_code, 'title', oo.title)
    from (select 1) one left join onet_occupation oo on oo.onet_soc_code = k.duties_onet_soc_code
    where k.text_source_id is not null and cardinality(k.duties) > 0
      and k.duties_onet_soc_code is not null and k.duties_onet_soc_code not like '%.00'),
  'workEnvironment', k.work_environment,
  'education', json_build_object(
    'typical', case when e.code is null then null else json_build_object('code', e.code, 'label', e.label) end,
    'degreeRequired', coalesce(k.degree_required, e.label),
    'degreeRequiredFrom', case when k.degree_required is not null then 'editor'
      when e.label is not null then 'typical-education' end,
    'fieldsOfStudy', case when cardinality(k.fields_of_study) > 0
      then (select json_agg(json_build_object('name', n.name,
          'cip', case when fc.code is null then null else json_build_object('code', fc.code, 'title', fc.title) end,
          'crosswalks', coalesce((select json_agg(s.slug order by s.slug) from cip_soc l
            join source s on s.id = l.source_id where l.cip_code = fc.code and l.soc_code = k.soc), '[]'))
          order by n.position)
        from unnest(k.fields_of_study) with ordinality n(name, position)
        left join lateral (select f.code, f.title from career_field_cip l join field_of_study f on f.code = l.cip_code
          where l.career_id = k.id and l.field = n.name limit 1) fc on true)
      else coalesce((select json_agg(json_build_object('name', x.title,
          'cip', json_build_object('code', x.code, 'title', x.title), 'crosswalks', x.crosswalks) order by x.code)
        from (select f.code, f.title, json_agg(s.slug order by s.slug) as crosswalks
          from cip_soc l join field_of_study f on f.code = l.cip_code join source s on s.id = l.source_id
          where l.soc_code = k.soc group by f.code, f.title) x), '[]') end,
    'fieldsOfStudyFrom', case when cardinality(k.fields_of_study) > 0 then 'editor'
      when exists (select 1 from cip_soc l where l.soc_code = k.soc) then 'crosswalk' end),
  'preparation', json_build_object('jobZone', k.job_zone,
    'educationShares', coalesce((select json_agg(json_build_object('category', es.category, 'label', ec.label,
        'percent', es.percent) order by es.category)
      from career_education_share es join onet_education_category ec on ec.category = es.category
      where es.career_id = k.id), '[]')),
  'work', json_build_object(
    'interestCode', (select string_agg(letter, '' order by score desc, position) from (
        select letter, score, position from career_interest i,
          lateral (values ('R', i.realistic, 1), ('I', i.investigative, 2), ('A', i.artistic, 3),
            ('S', i.social, 4), ('E', i.enterprising, 5), ('C', i.conventional, 6)) v(letter, score, position)
        where i.career_id = k.id order by score desc, position limit 3) top),
    'topTechnologies', coalesce((select json_agg(json_build_object('commodityCode', t.commodity_code,
        'commodityTitle', t.commodity_title, 'examples', t.examples) order by t.position)
      from (select t.commodity_code, t.commodity_title,
          (array_agg(t.example order by t.in_demand desc, lower(t.example) collate "C", t.example collate "C")
            filter (where t.hot))[1:3] as examples,
          row_number() over (order by bool_or(t.in_demand) desc, lower(t.commodity_title) collate "C",
            t.commodity_title collate "C", t.commodity_code) as position
        from career_technology_skill t where t.career_id = k.id
        group by t.commodity_code, t.commodity_title having bool_or(t.hot)
        order by position limit 5) t), '[]')),
  'licensure', coalesce(k.licensure, (select string_agg(cr.name || coalesce(' (' || cr.abbreviation || ')', '') ||
      ' license ' || replace(cr.level, '-', ' '), '; ' order by cr.position) from (${CREDENTIALS}) cr
    where cr.kind = 'license')),
  'licensureFrom', case when k.licensure is not null then 'editor'
    when exists (select 1 from career_credential cc join credential cr on cr.id = cc.credential_id
      where cc.career_id = k.id and cr.kind = 'license') then 'credentials' end,
  'advancement', k.advancement,
  'credentials', coalesce((select json_agg(cr.body order by cr.position) from (${CREDENTIALS}) cr), '[]'),
  'credentialsNote', case when exists (select 1 from career_credential cc where cc.career_id = k.id) then null
    else '${NO_CREDENTIALS_NOTE}' end,
  'related', coalesce((select json_agg(r.body order by r.kind, r.direction desc, r.rank asc nulls last, r.title, r.id)
    from (${relatedFrom('to_career_id', 'from_career_id', 'outgoing')}
      union all
      ${relatedFrom('from_career_id', 'to_career_id', 'incoming')}
      and not (r.kind in ('similar', 'alternative') and exists (select 1 from career_relation back
        where back.from_career_id = k.id and back.to_career_id = r.from_career_id and back.kind = r.kind))) r), '[]'),
  'wage', wage.body,
  'outlook', outlook.body,
  'ooh', (select json_build_object('title', oh.title, 'url', oh.url) from ooh_profile oh where oh.soc_code = k.soc),
  'notPublished', case when k.soc_code is null then json_build_object('reason', 'no-soc-code', 'detail', '${NO_SOC}')
    when k.soc_code like '55-%' then json_build_object('reason', 'not-surveyed', 'detail', '${MILITARY}') end,
  'attributions', coalesce((select json_agg(${source('s')} order by s.slug) from source s
    where s.notice is not null and (
      (s.id = k.text_source_id and (k.summary is not null or cardinality(k.duties) > 0))
      or s.id in (select source_id from career_alternate_title where career_id = k.id)
      or s.id in (select source_id from career_education_share where career_id = k.id)
      or s.id in (select source_id from career_technology_skill where career_id = k.id)
      or s.id in (select source_id from career_interest where career_id = k.id)
      or s.id in (select source_id from career_relation where from_career_id = k.id or to_career_id = k.id)
      or s.id = wage.source_id or s.id = outlook.source_id
      or s.id in (select cr.source_id from career_credential cc join credential cr on cr.id = cc.credential_id
        where cc.career_id = k.id))), '[]'),
  'updatedAt', to_char(k.updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
)::text as body
from k
left join education_level e on e.code = k.typical_education
left join lateral (select w.source_id, json_build_object(
    'socCode', w.soc_code, 'socVersion', w.soc_version, 'occupationTitle', w.occupation_title,
    'publishedAs', ${publishedAs('w.soc_version', 'w.soc_code')},
    'period', w.period_year || '-' || lpad(w.period_month::text, 2, '0'),
    'periodLabel', trim(to_char(make_date(w.period_year, w.period_month, 1), 'Month')) || ' ' || w.period_year,
    'area', json_build_object('code', ar.code, 'name', ar.name), 'industry', null,
    'employment', w.employment, 'currency', 'USD',
    'annual', ${figures('annual')}, 'hourly', ${figures('hourly')},
    'footnotes', (select coalesce(json_agg(json_build_object('field', regexp_replace(f.key, '_', '.'),
        'code', f.value, 'meaning', case f.value when '#' then 'at-or-above' when '*' then 'not-available'
          when '**' then 'employment-not-available' else 'few-establishments' end)), '[]')
      from jsonb_each_text(w.flags) f),
    'source', ${source('s')}) as body
  from wage_estimate w join area ar on ar.code = w.area_code join source s on s.id = w.source_id
  where ${publishedUnder('w.soc_version', 'w.soc_code')} and w.area_code = 'US' and w.industry_code is null
  order by w.period_year desc, w.period_month desc, w.soc_version desc, w.soc_code = k.soc desc, w.soc_code
  limit 1) wage on true
left join lateral (select p.source_id, json_build_object(
    'socCode', p.soc_code, 'socVersion', pc.soc_version, 'occupationTitle', p.occupation_title,
    'publishedAs', ${publishedAs('pc.soc_version', 'p.soc_code')},
    'baseYear', pc.base_year, 'targetYear', pc.target_year,
    'baseEmployment', p.base_employment, 'projectedEmployment', p.projected_employment,
    'changeNumeric', p.change_numeric, 'changePercent', p.change_percent, 'annualOpenings', p.annual_openings,
    'typicalEducation', p.typical_education, 'workExperience', p.work_experience,
    'onTheJobTraining', p.on_the_job_training, 'percentSelfEmployed', p.percent_self_employed,
    'descriptor', (select b.descriptor from projection_band b
      where b.cycle_id = p.cycle_id and b.min_percent <= p.change_percent order by b.min_percent desc limit 1),
    'descriptorNote', case when exists (select 1 from projection_band b where b.cycle_id = p.cycle_id) then null
      else ${NO_BANDS('pc')} end,
    'source', ${source('s')}) as body
  from projection p join projection_cycle pc on pc.id = p.cycle_id join source s on s.id = p.source_id
  where ${publishedUnder('pc.soc_version', 'p.soc_code')}
  order by pc.base_year desc, p.soc_code = k.soc desc, p.soc_code
  limit 1) outlook on true`
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
