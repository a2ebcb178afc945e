// The career profile as Postgres builds it: one statement finds the keyed career and returns
// the whole answer as JSON text, which the route sends as it comes (http/json-text.ts).
// Parsing the parts into objects, mapping them and serializing them again took most of the
// service's CPU on an uncached profile (README, "Figures behind the code").
//
// Each fragment builds the shape a TypeScript mapper builds for the other routes, from the
// same constants: sourceJson as toSource, headlineJson as toHeadline, wageLateral as
// toWageEstimate, outlookLateral as toProjection, credentialRows as toCareerCredential,
// relatedJson as relatedCareers, workJson as toWorkSummary. The answers are checked
// against the Career schema and, part by part, against the routes that serve each part
// (test/resources/careers/profile-parts.test.ts), so the two cannot drift apart unseen.
import { sql, type RawBuilder } from 'kysely'
import type { Queryable } from '../../db/queryable.js'
import { queryTemplate } from '../../db/query-template.js'
import { parseJsonText } from '../../http/json-text.js'
import {
  LEVEL_WORDS, NO_CREDENTIALS_NOTE, keyInputs, keyedCareerQuery, type CareerBody, type KeyInputs,
} from './queries.js'
import { FOOTNOTE_MEANING, MONTHS } from '../career-figures/wage-queries.js'
import { NO_BANDS_AFTER, NO_BANDS_BEFORE, descriptorOfP } from '../career-figures/projection-queries.js'
import {
  militaryNotice, noSocNotice, ownCodeFirst, publishedAs, publishedUnder,
} from '../career-figures/published-codes.js'
import { requirementLevelLabels } from '../credentials/schemas.js'

// The keyed career is `k`; its SOC code '' when it has none (no row has that code).
const SOC = sql<string>`coalesce(k.soc_code, '')`

const asJson = (value: unknown): RawBuilder<unknown> => sql`${JSON.stringify(value)}::jsonb`

function sourceJson (alias: string): RawBuilder<unknown> {
  const s = (column: string) => sql.ref(`${alias}.${column}`)
  return sql`json_build_object('slug', ${s('slug')}, 'publisher', ${s('publisher')}, 'dataset', ${s('dataset')},
    'referencePeriod', ${s('reference_period')}, 'url', ${s('url')}, 'notice', ${s('notice')})`
}

/** A related career's headline: career `o`, its soc_latest_figures row `f`. */
const headlineJson = sql`json_build_object(
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

/** One end's relations: `other` the related career's column, `self` this career's. */
function relatedRows (other: 'to_career_id' | 'from_career_id', direction: 'outgoing' | 'incoming') {
  const self = other === 'to_career_id' ? 'from_career_id' : 'to_career_id'
  return sql`select r.kind, o.title, o.id, r.rank, ${direction}::text as direction,
      json_build_object('kind', r.kind, 'direction', ${direction}::text, 'rank', r.rank, 'tier', r.tier,
        'career', json_build_object('id', o.id, 'slug', o.slug, 'title', o.title, 'socCode', o.soc_code),
        'headline', ${headlineJson}) as body
    from career_relation r join career o on o.id = ${sql.ref(`r.${other}`)}
    left join soc_latest_figures f on f.soc_code = o.soc_code
    where ${sql.ref(`r.${self}`)} = k.id`
}

/** Related careers as relatedQuery lists them: a symmetric relation recorded both ways once. */
const relatedJson = sql`coalesce((select json_agg(r.body
    order by r.kind, r.direction desc, r.rank asc nulls last, r.title, r.id)
  from (${relatedRows('to_career_id', 'outgoing')}
    union all
    ${relatedRows('from_career_id', 'incoming')}
    and not (r.kind in ('similar', 'alternative') and exists (select 1 from career_relation back
      where back.from_career_id = k.id and back.to_career_id = r.from_career_id and back.kind = r.kind))) r), '[]')`

/** The career's credentials as careerCredentialsQuery orders them, each with its shape and position. */
const credentialRows = sql`select cr.kind, cr.name, cr.abbreviation, cc.level,
    json_build_object('slug', cr.slug, 'abbreviation', cr.abbreviation, 'name', cr.name, 'kind', cr.kind,
      'issuer', case when o.id is null then null
        else json_build_object('slug', o.slug, 'name', o.name, 'abbreviation', o.abbreviation, 'url', o.url) end,
      'jurisdiction', cr.jurisdiction, 'requirements', cr.requirements, 'renewal', cr.renewal,
      'source', case when s.id is null then null else ${sourceJson('s')} end, 'level', cc.level,
      'levelLabel', ${asJson(requirementLevelLabels)} ->> cc.level, 'note', cc.note) as body,
    row_number() over (order by array_position(array['required','typically-required','preferred','optional'],
      cc.level), cr.name, cr.id) as position
  from career_credential cc join credential cr on cr.id = cc.credential_id
  left join organization o on o.id = cr.issuer_id left join source s on s.id = cr.source_id
  where cc.career_id = k.id`

/**
 * The credentials read once, as `creds`: their list, their number, and licensureOf's wording
 * derived from the licenses among them.
 */
const credentialsLateral = sql`select count(*) as count,
    coalesce(json_agg(cr.body order by cr.position), '[]') as list,
    string_agg(cr.name || coalesce(' (' || cr.abbreviation || ')', '') || ' license '
      || (${asJson(LEVEL_WORDS)} ->> cr.level), '; ' order by cr.position) filter (where cr.kind = 'license')
      as licensure
  from (${credentialRows}) cr`

/** toCareerFieldsOfStudy: the editor's fields in their order, else the crosswalks' for the SOC code. */
const fieldsOfStudyJson = sql`'fieldsOfStudy', case when cardinality(k.fields_of_study) > 0
    then (select json_agg(json_build_object('name', n.name,
        'cip', case when fc.code is null then null else json_build_object('code', fc.code, 'title', fc.title) end,
        'crosswalks', coalesce((select json_agg(s.slug order by s.slug) from cip_soc l
          join source s on s.id = l.source_id where l.cip_code = fc.code and l.soc_code = ${SOC}), '[]'))
        order by n.position)
      from unnest(k.fields_of_study) with ordinality n(name, position)
      left join lateral (select f.code, f.title from career_field_cip l join field_of_study f on f.code = l.cip_code
        where l.career_id = k.id and l.field = n.name limit 1) fc on true)
    else coalesce((select json_agg(json_build_object('name', x.title,
        'cip', json_build_object('code', x.code, 'title', x.title), 'crosswalks', x.crosswalks) order by x.code)
      from (select f.code, f.title, json_agg(s.slug order by s.slug) as crosswalks
        from cip_soc l join field_of_study f on f.code = l.cip_code join source s on s.id = l.source_id
        where l.soc_code = ${SOC} group by f.code, f.title) x), '[]') end,
  'fieldsOfStudyFrom', case when cardinality(k.fields_of_study) > 0 then 'editor'
    when exists (select 1 from cip_soc l where l.soc_code = ${SOC}) then 'crosswalk' end`

/** toWorkSummary: the interest code (interestCode's rule) and the top technologies (topTechnologiesQuery's). */
const workJson = sql`json_build_object(
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
      order by position limit 5) t), '[]'))`

function figuresJson (unit: 'annual' | 'hourly'): RawBuilder<unknown> {
  const names = ['mean', 'p10', 'p25', 'median', 'p75', 'p90']
  const topCoded = (name: string) => sql`w.flags->>${sql.lit(`${unit}_${name}`)} = '#'`
  const column = (name: string) => sql.ref(`w.${unit}_${name}`)
  const values = names.map((name) =>
    sql`${sql.lit(name)}, case when ${topCoded(name)} then null else ${column(name)} end`)
  const floors = names.map((name) => sql`${sql.lit(name)}, case when ${topCoded(name)} then ${column(name)} end`)
  return sql`json_build_object(${sql.join(values)},
    'atLeast', json_strip_nulls(json_build_object(${sql.join(floors)})))`
}

/** latestWageQuery's estimate (national, all industries) as toWageEstimate shapes it, with its source id. */
const wageLateral = sql`select w.source_id, json_build_object(
    'socCode', w.soc_code, 'socVersion', w.soc_version, 'occupationTitle', w.occupation_title,
    'publishedAs', ${publishedAs(sql.ref('w.soc_version'), sql.ref('w.soc_code'), SOC)},
    'period', w.period_year || '-' || lpad(w.period_month::text, 2, '0'),
    'periodLabel', (${asJson(MONTHS)} ->> (w.period_month - 1)) || ' ' || w.period_year,
    'area', json_build_object('code', ar.code, 'name', ar.name), 'industry', null,
    'employment', w.employment, 'currency', 'USD',
    'annual', ${figuresJson('annual')}, 'hourly', ${figuresJson('hourly')},
    'footnotes', (select coalesce(json_agg(json_build_object('field', regexp_replace(f.key, '_', '.'),
        'code', f.value, 'meaning', ${asJson(FOOTNOTE_MEANING)} ->> f.value)), '[]')
      from jsonb_each_text(w.flags) f),
    'source', ${sourceJson('s')}) as body
  from wage_estimate w join area ar on ar.code = w.area_code join source s on s.id = w.source_id
  where ${publishedUnder(sql.ref('w.soc_version'), sql.ref('w.soc_code'), SOC)}
    and w.area_code = 'US' and w.industry_code is null
  order by w.period_year desc, w.period_month desc, w.soc_version desc,
    ${ownCodeFirst(sql.ref('w.soc_code'), SOC)}, w.soc_code
  limit 1`

/** The newest cycle's projection (projectionsQuery's first) as toProjection shapes it, with its source id. */
const outlookLateral = sql`select p.source_id, json_build_object(
    'socCode', p.soc_code, 'socVersion', pc.soc_version, 'occupationTitle', p.occupation_title,
    'publishedAs', ${publishedAs(sql.ref('pc.soc_version'), sql.ref('p.soc_code'), SOC)},
    'baseYear', pc.base_year, 'targetYear', pc.target_year,
    'baseEmployment', p.base_employment, 'projectedEmployment', p.projected_employment,
    'changeNumeric', p.change_numeric, 'changePercent', p.change_percent, 'annualOpenings', p.annual_openings,
    'typicalEducation', p.typical_education, 'workExperience', p.work_experience,
    'onTheJobTraining', p.on_the_job_training, 'percentSelfEmployed', p.percent_self_employed,
    'descriptor', ${descriptorOfP},
    'descriptorNote', case when exists (select 1 from projection_band b where b.cycle_id = p.cycle_id) then null
      else ${NO_BANDS_BEFORE}::text || pc.base_year || '–' || right(pc.target_year::text, 2)
        || ${NO_BANDS_AFTER}::text end,
    'source', ${sourceJson('s')}) as body
  from projection p join projection_cycle pc on pc.id = p.cycle_id join source s on s.id = p.source_id
  where ${publishedUnder(sql.ref('pc.soc_version'), sql.ref('p.soc_code'), SOC)}
  order by pc.base_year desc, ${ownCodeFirst(sql.ref('p.soc_code'), SOC)}, p.soc_code
  limit 1`

/** noticesOf: each source with a notice that the answer draws on, once, by slug. */
const attributionsJson = sql`coalesce((select json_agg(${sourceJson('s')} order by s.slug) from source s
  where s.notice is not null and (
    (s.id = k.text_source_id and (k.summary is not null or cardinality(k.duties) > 0))
    or s.id in (select source_id from career_alternate_title where career_id = k.id)
    or s.id in (select source_id from career_education_share where career_id = k.id)
    or s.id in (select source_id from career_technology_skill where career_id = k.id)
    or s.id in (select source_id from career_interest where career_id = k.id)
    or s.id in (select source_id from career_relation where from_career_id = k.id or to_career_id = k.id)
    or s.id = wage.source_id or s.id = outlook.source_id
    or s.id in (select cr.source_id from career_credential cc join credential cr on cr.id = cc.credential_id
      where cc.career_id = k.id))), '[]')`

/** The statement: one row, `body` the profile as json; none when no career has the key. */
function profileStatement (db: Queryable, key: KeyInputs) {
  return sql<{ body: unknown }>`(with k as (select * from (${keyedCareerQuery(db, key)}) keyed)
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
    ${fieldsOfStudyJson}),
  'preparation', json_build_object('jobZone', k.job_zone,
    'educationShares', coalesce((select json_agg(json_build_object('category', es.category, 'label', ec.label,
        'percent', es.percent) order by es.category)
      from career_education_share es join onet_education_category ec on ec.category = es.category
      where es.career_id = k.id), '[]')),
  'work', ${workJson},
  'licensure', coalesce(k.licensure, creds.licensure),
  'licensureFrom', case when k.licensure is not null then 'editor'
    when creds.licensure is not null then 'credentials' end,
  'advancement', k.advancement,
  'credentials', creds.list,
  'credentialsNote', case when creds.count > 0 then null else ${NO_CREDENTIALS_NOTE}::text end,
  'related', ${relatedJson},
  'wage', wage.body,
  'outlook', outlook.body,
  'ooh', (select json_build_object('title', oh.title, 'url', oh.url) from ooh_profile oh where oh.soc_code = ${SOC}),
  'notPublished', case
    when k.soc_code is null
      then json_build_object('reason', ${noSocNotice.reason}::text, 'detail', ${noSocNotice.detail}::text)
    when k.soc_code like '55-%' then json_build_object('reason', ${militaryNotice.reason}::text,
      'detail', ${militaryNotice.detail}::text) end,
  'attributions', ${attributionsJson},
  'updatedAt', to_char(k.updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
) as body
from k
left join education_level e on e.code = k.typical_education
cross join lateral (${credentialsLateral}) creds
left join lateral (${wageLateral}) wage on true
left join lateral (${outlookLateral}) outlook on true)`.as('profile')
}

// Built once per database handle and key kind (query-template.ts).
const profileText = queryTemplate((db: Queryable, key: KeyInputs) =>
  db.selectFrom(profileStatement(db, key)).select(sql<string>`profile.body::text`.as('body')))

/** The profile of the career a key names, as the JSON text the route sends; undefined when none has it. */
export async function careerProfileText (db: Queryable, key: string): Promise<string | undefined> {
  const [row] = await profileText.execute(db, keyInputs(key))
  return row?.body
}

/**
 * The profile of the career with this id, which the caller knows to exist: parsed, for the
 * writes that diff and record it, and keeping its text, which their ETags and answers use.
 */
export async function careerProfileById (db: Queryable, id: number): Promise<CareerBody> {
  const [row] = await profileText.execute(db, { id })
  if (row === undefined) throw new Error(`career ${id} vanished while its profile was read`)
  return parseJsonText<CareerBody>(row.body)
}
