// Career search: which careers match `q`, how well, and what matched.
import { sql, type RawBuilder } from 'kysely'

export interface ScoreRow {
  career_id: number
  score: number
  /** What matched best: the title, an alternate title, or only the summary and duties. */
  matched: 'title' | 'alternate-title' | 'text'
  /** The alternate title that matched, when `matched` is `alternate-title`. */
  matched_title: string | null
}

/**
 * Relevance of every career matching `q`, so that the occupation a person means comes first.
 *
 * Matching: a career matches when its search document (title, alternate titles, summary,
 * duties) holds every query word as the prefix of a stemmed word ("transcription" reaches
 * "transcriptionist"). A word that begins no word of any document stands for the title word
 * nearest in spelling (a letter missing or extra 2, a wrong letter 3, two letters swapped 1,
 * another first letter 1 more; at most 3 for words of up to five letters, 6 beyond; then the
 * most similar by trigrams, then the one more careers hold), else for its nearest
 * title words by trigram similarity: "nurce" reads "nurse", "laywer" "lawyer", "medcal
 * recrds" "medical records". A word of five letters or more that the stemmer accepts but
 * that begins no title word matches as typed and ranks as its nearest title word
 * ("programer": "programmer"). Migration 20261202T1000 holds these pieces in SQL.
 *
 * Score = the tier of the name that says q best, plus how common the occupation is, plus
 * how many of its alternate titles hold q, plus a tie-break on the text:
 * - 3: the title names q: one of the names it lists ("Accountants and Auditors" lists two,
 *   "Plumbers, Pipefitters, and Steamfitters" three), without a qualifier after a comma,
 *   has q's words and no other ("electrician" → Electricians). "of" and "--" make a title
 *   one name ("First-Line Supervisors of Police and Detectives"); a one-word name after a
 *   name of several words shares its first words ("Nursing Instructors and Teachers");
 * - 2: the title holds q's words, in a name without a role q does not name (below), a
 *   qualified name being q among them ("Cooks, Restaurant" for "cook"); or an alternate
 *   title names q, or its abbreviation in parentheses does ("PA" → "Physician Assistant
 *   (PA)"), or it does without that part ("Registered Nurse (RN)"). 2.25 when both: the
 *   title holds q and an alternate title names it;
 * - 1.5: the title holds q's words only as the beginnings of its words;
 * - 1: an alternate title holds every word of q; or in the title only names with a role q
 *   does not name hold them: helper, assistant, aide, supervisor, teacher or instructor,
 *   the helpers, supervisors or teachers of the occupation q names ("Helpers--Electricians",
 *   "Physical Therapist Assistants", "Nursing Instructors and Teachers, Postsecondary" for
 *   "nurse");
 * - 0: only the summary and duties hold q (or several alternate titles between them);
 * - a catch-all ("…, All Other", "Miscellaneous …") counts one less, unless q says "other".
 * A name holds a word of q when it has its stem, spelled alike but for a plural ending
 * ("nurses" holds "nurse"; "accounting" does not hold "accountant", nor "animals"
 * "animator"); a title's "except …" clause is not part of it.
 * Within a tier: commonness log10(1 + national employment) / 20 (soc_latest_figures; 0
 * without a figure; at most 0.33), so the larger occupation comes first ("nurse": Registered
 * Nurses before Nurse Midwives); support log10(1 + the alternate titles holding q, up to
 * ten) / 10 (at most 0.1), for a career many of whose names say q ("HVAC" → the heating
 * mechanics, not their supervisors); and ts_rank of the document (title 1, alternate titles
 * 0.4, summary 0.2, duties 0.1) / 100. The parts of a tier never reach the next one up.
 * `matched` names what gave the tier: the title (ties go to it), an alternate title (one
 * that names q, else the shortest that holds it) or the text. Scores are rounded to 6
 * places so that cursors compare them exactly; ties go by id.
 */
export function searchScores (q: string, careers?: RawBuilder<number[]>) {
  // Materialized steps: q's terms once; the alternate titles holding q, by their own index;
  // per matching career (one document each, migration 20261128T2100) its title's tier,
  // worked out only when the title holds q. With `careers` (an integer[] expression), for
  // those careers alone.
  const among = (column: RawBuilder<unknown>): RawBuilder<unknown> =>
    careers === undefined ? sql`true` : sql`${column} = any(${careers})`
  // Those careers' alternate titles by their career's index (offset 0 plans it on its own):
  // combined with the full-text index, the scan would read every title holding q first.
  const alternateTitles = careers === undefined
    ? sql`career_alternate_title`
    : sql`(select * from career_alternate_title where ${among(sql`career_id`)} offset 0)`
  return sql<ScoreRow>`(
    with query as materialized (select * from career_search_terms(${q})),
    alternate as materialized (
      select distinct on (a.career_id) a.career_id, a.title, a.tier, count(*) over (partition by a.career_id) as support
      from (
        select a.career_id, a.title, case
          when career_search_may_name(a.title, a.search_vector, cardinality(query.lexemes), query.simple_words)
            and career_search_names_exactly(a.title, a.search_vector, query.exact, query.spelled, query.lexemes,
              query.simple_words) then 2
          else 1
        end as tier
        from query, ${alternateTitles} a
        where a.search_vector @@ query.tsq
      ) a
      order by a.career_id, a.tier desc, length(a.title), a.title
    ),
    matches as materialized (
      select s.career_id, ts_rank(s.document, query.tsq)::float8 as text_rank,
        case when s.document @@ query.in_title then career_search_title_tier(c.title, query.tsq, query.exact,
          query.any_word, query.any_prefix, query.spelled, query.lexemes, query.simple_words, query.role_named)::float8
        end as title_tier,
        (c.title ~* '\\mall other\\M' or c.title ~* '^miscellaneous\\M') and not query.names_other as catch_all,
        log(1 + coalesce(f.employment, 0)::float8) / 20 as commonness
      from query, career_search s
      join career c on c.id = s.career_id
      left join soc_latest_figures f on f.soc_code = c.soc_code
      where s.document @@ query.tsq and ${among(sql`s.career_id`)}
    )
    select m.career_id,
      round((
        greatest(coalesce(m.title_tier, 0), coalesce(b.tier, 0)) -- the tier of the name that says q best
        - case when m.catch_all then 1 else 0 end -- a catch-all, one tier less
        + case when m.title_tier >= 2 and b.tier = 2 then 0.25 else 0 end -- the title and an alternate agree
        + m.commonness -- log10(1 + employment) / 20
        + log(1 + least(coalesce(b.support, 0), 10)::float8) / 10 -- alternate titles holding q, up to ten
        + m.text_rank / 100 -- the tie-break
      )::numeric, 6)::float8 as score,
      case
        when m.title_tier >= coalesce(b.tier, 0) then 'title'
        when b.tier is not null then 'alternate-title'
        else 'text'
      end as matched,
      case when m.title_tier >= coalesce(b.tier, 0) then null else b.title end as matched_title
    from matches m
    left join alternate b on b.career_id = m.career_id
  )`
}

/**
 * The ids of the careers matching `q`, unscored: what a list sorted otherwise than by
 * relevance filters on. Scoring costs with every match (the title's tier, the alternate
 * titles), so such a list scores only the careers of its page, with `searchScores(q, ids)`.
 */
export function searchMatches (q: string) {
  return sql<number>`(
    select s.career_id from career_search_terms(${q}) query, career_search s
    where s.document @@ query.tsq
  )`
}

export const NO_SCORES = sql<ScoreRow>`(select null::integer as career_id, null::float8 as score,
  null::text as matched, null::text as matched_title where false)`
