// Whether a query word begins a word of any search document was a count of the documents
// holding it, made four times per word: with the number of careers its cost grew (5 ms a
// count at 16 times the national data, bench:growth). career_search_lexeme holds every
// lexeme of the documents with the number of documents that have it, kept by statement
// triggers on career_search, whose own triggers follow careers and alternate titles; a
// prefix is then looked up in its index, once per word. career_search_query_terms is the
// function of migration 20261202T1000 with that lookup in place of the count.
import { sql, type Kysely } from 'kysely'

// As in migration 20261202T1000.
const LIMIT = 'case when length(t.word) <= 5 then 3 else 6 end'

// The strings beginning with `text` (LIKE's own characters escaped).
const LIKE_PREFIX = (text: string): string =>
  String.raw`replace(replace(replace(${text}, '\', '\\'), '%', '\%'), '_', '\_') || '%'`

// How common a correction's word is, the last tie-break between corrections equally near:
// the alternate titles holding its lexeme (migration 20261202T1000).
const ALTERNATE_TITLES_HOLDING = String.raw`(select count(*) from career_alternate_title a
              where a.search_vector @@ career_search_term(c.lexeme)::tsquery)`

// Each word of q with the lexeme and spelling it ranks as, and its tsquery alternatives
// (migration 20261202T1000 says how); `known` decides whether the word begins a lexeme,
// `commonness` orders corrections equally near.
export const queryTerms = (known: string, commonness = ALTERNATE_TITLES_HOLDING): string =>
  String.raw`create or replace function career_search_query_terms(q text)
    returns table (lexeme text, spelled text, alternatives text)
    language plpgsql stable strict parallel safe
    set pg_trgm.similarity_threshold = 0.2 as $$
    begin
      return query
        select coalesce(n.lexeme, t.lexeme), coalesce(n.word, t.word),
          case
            when k.known and n.word is not null then
              career_search_term(t.lexeme) || ':* | ' || career_search_term(n.lexeme) || ':*'
            when k.known then career_search_term(t.lexeme) || ':*'
            when n.word is not null then career_search_term(n.lexeme) || ':*'
            else coalesce(near.alternatives, career_search_term(t.lexeme) || ':*')
          end
        from career_search_query_words(q) t
        ${known}
        left join lateral (
          select c.word, c.lexeme
          from (select w.word, w.lexeme, career_search_edit_units(w.word, t.word, ${LIMIT}) as units
            from (select w.word, w.lexeme from career_search_word w
              where w.word % t.word and abs(length(w.word) - length(t.word)) <= 2
              order by similarity(w.word, t.word) desc, w.word limit 30) w) c
          where (not k.known or (length(t.word) >= 5 and (
              select count(*) from career_search_word x
              where x.word like ${LIKE_PREFIX('t.word')}) = 0))
            and c.units <= ${LIMIT}
          order by c.units, similarity(c.word, t.word) desc,
            ${commonness} desc,
            c.word
          limit 1
        ) n on true
        left join lateral (
          select string_agg(distinct career_search_term(m.lexeme) || ':*', ' | ') as alternatives
          from (select w.word, w.lexeme from career_search_word w
            where w.word % t.word and similarity(w.word, t.word) >= 0.4
            order by similarity(w.word, t.word) desc, w.word limit 3) m
          where not k.known and n.word is null
        ) near on true;
    end
  $$`

// Once per word (offset 0 keeps it a subquery, not an expression copied where it is used).
export const KNOWN = String.raw`cross join lateral (select exists (select 1 from career_search_lexeme x
          where x.lexeme like ${LIKE_PREFIX('t.lexeme')}) as known offset 0) k`
const COUNTED = String.raw`cross join lateral (select (select count(*) from career_search d
          where d.document @@ (career_search_term(t.lexeme) || ':*')::tsquery) > 0 as known) k`

/** Applies `delta` (lexeme, n: documents more or fewer) to the lexicon, as one statement. */
const applyDelta = (delta: string): string => `with delta as (${delta}),
        gone as (delete from career_search_lexeme x using delta
          where delta.n < 0 and x.lexeme = delta.lexeme and x.documents + delta.n <= 0),
        fewer as (update career_search_lexeme x set documents = x.documents + delta.n from delta
          where delta.n < 0 and x.lexeme = delta.lexeme and x.documents + delta.n > 0)
        insert into career_search_lexeme (lexeme, documents) select lexeme, n from delta where n > 0
        on conflict (lexeme) do update set documents = career_search_lexeme.documents + excluded.documents`

const upStatements = [
  // Bytewise, so that LIKE 'prefix%' reads a range of the index under any database collation.
  `create table career_search_lexeme (
    lexeme text collate "C" primary key,
    documents integer not null check (documents > 0)
  )`,
  // One statement per change: the net count of each lexeme the change moves (an updated
  // document mostly keeps its lexemes, so few rows are written), applied as deletes of the
  // lexemes no document holds any more, fewer counts, and more counts or new lexemes.
  `create function career_search_lexicon_on_document() returns trigger language plpgsql as $$
    begin
      -- An upsert fires both the insert and the update triggers, one of them often for no row.
      -- (Nested, as a transition table its trigger lacks is an error even where not reached.)
      if tg_op = 'DELETE' then
        if not exists (select 1 from old_rows) then return null; end if;
      elsif not exists (select 1 from new_rows) then
        return null;
      end if;
      if tg_op = 'INSERT' then
        ${applyDelta('select l.lexeme, count(*)::integer as n from new_rows d, unnest(d.document) l group by l.lexeme')};
      elsif tg_op = 'DELETE' then
        ${applyDelta('select l.lexeme, -count(*)::integer as n from old_rows d, unnest(d.document) l group by l.lexeme')};
      else
        ${applyDelta(`select lexeme, sum(n)::integer as n from (
          select l.lexeme, 1 as n from new_rows d, unnest(d.document) l
          union all select l.lexeme, -1 from old_rows d, unnest(d.document) l
        ) moved group by lexeme having sum(n) <> 0`)};
      end if;
      return null;
    end
  $$`,
  `create function career_search_lexicon_rebuild() returns trigger language plpgsql as $$
    begin
      delete from career_search_lexeme;
      insert into career_search_lexeme (lexeme, documents)
      select l.lexeme, count(*) from career_search s, unnest(s.document) l group by l.lexeme;
      return null;
    end
  $$`,
  `create trigger career_search_lexicon_insert after insert on career_search
    referencing new table as new_rows for each statement execute function career_search_lexicon_on_document()`,
  `create trigger career_search_lexicon_update after update on career_search
    referencing old table as old_rows new table as new_rows
    for each statement execute function career_search_lexicon_on_document()`,
  `create trigger career_search_lexicon_delete after delete on career_search
    referencing old table as old_rows for each statement execute function career_search_lexicon_on_document()`,
  `create trigger career_search_lexicon_truncate after truncate on career_search
    for each statement execute function career_search_lexicon_rebuild()`,
  `insert into career_search_lexeme (lexeme, documents)
    select l.lexeme, count(*) from career_search s, unnest(s.document) l group by l.lexeme`,
  `select career_facts_watch('career_search_lexeme')`,
  queryTerms(KNOWN),

  ]

export async function up (db: Kysely<unknown>): Promise<void> {
  for (const statement of upStatements) await sql.raw(statement).execute(db)
}

export async function down (db: Kysely<unknown>): Promise<void> {
  await sql.raw(queryTerms(COUNTED)).execute(db)
  for (const event of ['insert', 'update', 'delete', 'truncate']) {
    await sql.raw(`drop trigger career_search_lexicon_${event} on career_search`).execute(db)
  }
  await sql`drop function career_search_lexicon_rebuild()`.execute(db)
  await sql`drop function career_search_lexicon_on_document()`.execute(db)
  await sql`drop table career_search_lexeme`.execute(db)
}
