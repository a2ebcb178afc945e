// Search reads one document per career instead of 56k alternate titles.
// - career_search: the career's own search vector (title A, summary C, duties D) with its
//   alternate titles added at weight B, so full text runs over ~900 documents.
// - career_search_word: the distinct words of career and alternate titles, with a trigram
//   index; a query word that is the prefix of no lexeme in any document is replaced by its
//   nearest title words ('medcal' → 'medical'), instead of trigram-matching every title.
// Statement-level triggers with transition tables keep both in step with whoever writes
// (API, importers, seed, psql): one set-wise refresh per statement, so an import of 56k
// titles recomputes each affected career once per batch, not once per row. Both tables
// announce their changes like every data table (20261128T1800), though they only ever
// change with career and career_alternate_title, which announce theirs. The alternate
// titles' own full-text and trigram indexes go: nothing searches them any more.
import { sql, type Kysely } from 'kysely'

const upStatements = [
  `create table career_search (
    career_id integer primary key references career (id) on delete cascade,
    document tsvector not null
  )`,
  // Without the pending list (fastupdate), reads never scan unmerged entries: PGlite has no
  // autovacuum to merge them, and triggers write the documents a statement at a time anyway.
  `create index career_search_document on career_search using gin (document) with (fastupdate = off)`,
  `create table career_search_word (
    word text primary key,
    lexeme text not null
  )`,
  `create index career_search_word_trgm on career_search_word using gin (word gin_trgm_ops) with (fastupdate = off)`,

  // A lexeme in tsquery syntax, quoted so that no character of it is an operator.
  `create function career_search_term(lexeme text) returns text
    language sql immutable strict parallel safe
    return '''' || replace(replace(lexeme, '\\', '\\\\'), '''', '''''') || ''''`,

  `create function career_search_refresh(ids integer[]) returns void language sql as $$
    insert into career_search (career_id, document)
    select c.id, c.search_vector || setweight(to_tsvector('english', coalesce(
      (select string_agg(a.title, ' ' order by a.id) from career_alternate_title a where a.career_id = c.id), '')), 'B')
    from career c where c.id = any(ids)
    on conflict (career_id) do update set document = excluded.document
      where career_search.document is distinct from excluded.document
  $$`,

  // The distinct words of titles, as the text parser splits them (lower case, unstemmed).
  `create function career_search_title_words(titles text[]) returns setof text
    language sql immutable strict parallel safe as $$
    select distinct word from unnest(titles) t(title), unnest(tsvector_to_array(to_tsvector('simple', t.title))) word
  $$`,
  // Each new word with its one lexeme; stop words have none, and compounds such as x-ray
  // several (their parts are words of their own).
  `create function career_search_add_words(titles text[]) returns void language sql as $$
    insert into career_search_word (word, lexeme)
    select s.word, (tsvector_to_array(e.vector))[1]
    from (select word from career_search_title_words(titles) word
      where not exists (select 1 from career_search_word w where w.word = word.word)) s,
      lateral (select to_tsvector('english', s.word) as vector) e
    where length(e.vector) = 1
    on conflict (word) do nothing
  $$`,
  // Words of titles that went away leave the lexicon once no document has their lexeme.
  `create function career_search_drop_words(titles text[]) returns void language sql as $$
    delete from career_search_word w
    where w.word in (select career_search_title_words(titles))
      and not exists (select 1 from career_search s where s.document @@ career_search_term(w.lexeme)::tsquery)
  $$`,

  `create function career_search_on_title() returns trigger language plpgsql as $$
    begin
      if tg_op in ('UPDATE', 'DELETE') then
        perform career_search_refresh(array(select distinct career_id from old_rows));
      end if;
      if tg_op in ('INSERT', 'UPDATE') then
        perform career_search_refresh(array(select distinct career_id from new_rows));
        perform career_search_add_words(array(select title from new_rows));
      end if;
      if tg_op in ('UPDATE', 'DELETE') then
        perform career_search_drop_words(array(select title from old_rows));
      end if;
      return null;
    end
  $$`,
  `create function career_search_on_career() returns trigger language plpgsql as $$
    begin
      if tg_op = 'INSERT' then
        perform career_search_refresh(array(select id from new_rows));
        perform career_search_add_words(array(select title from new_rows));
      elsif tg_op = 'UPDATE' then
        perform career_search_refresh(array(
          select n.id from new_rows n join old_rows o using (id) where n.search_vector is distinct from o.search_vector));
        perform career_search_add_words(array(
          select n.title from new_rows n join old_rows o using (id) where n.title is distinct from o.title));
        perform career_search_drop_words(array(
          select o.title from new_rows n join old_rows o using (id) where n.title is distinct from o.title));
      else
        perform career_search_drop_words(array(select title from old_rows));
      end if;
      return null;
    end
  $$`,
  `create function career_search_rebuild_all() returns void language sql as $$
    select career_search_refresh(array(select id from career));
    delete from career_search_word;
    select career_search_add_words(array(select title from career union all select title from career_alternate_title));
  $$`,
  `create function career_search_rebuild() returns trigger language plpgsql as $$
    begin
      perform career_search_rebuild_all();
      return null;
    end
  $$`,
  `create trigger career_search_insert after insert on career_alternate_title
    referencing new table as new_rows for each statement execute function career_search_on_title()`,
  `create trigger career_search_update after update on career_alternate_title
    referencing old table as old_rows new table as new_rows for each statement execute function career_search_on_title()`,
  `create trigger career_search_delete after delete on career_alternate_title
    referencing old table as old_rows for each statement execute function career_search_on_title()`,
  `create trigger career_search_truncate after truncate on career_alternate_title
    for each statement execute function career_search_rebuild()`,
  `create trigger career_search_insert after insert on career
    referencing new table as new_rows for each statement execute function career_search_on_career()`,
  `create trigger career_search_update after update on career
    referencing old table as old_rows new table as new_rows for each statement execute function career_search_on_career()`,
  `create trigger career_search_delete after delete on career
    referencing old table as old_rows for each statement execute function career_search_on_career()`,

  // Each word of a query with its lexeme: the simple and english parses of one text share
  // positions, and stop words have no english lexeme. (A row estimate near the truth keeps
  // the planner from compiling the search with JIT, which costs more than the search.)
  `create function career_search_query_words(q text) returns table (word text, lexeme text)
    language sql immutable strict parallel safe rows 4 as $$
    select distinct s.lexeme, e.lexeme
    from unnest(to_tsvector('simple', q)) s, unnest(to_tsvector('english', q)) e
    where s.positions && e.positions
  $$`,
  // The search query: each query word as a prefix of a stemmed word (so "transcription"
  // reaches "transcriptionist"), all words required; a word whose lexeme begins no lexeme of
  // any document stands for its nearest title words (trigram similarity at least 0.4, at most
  // three), or for itself when none is near. Null when q has no words but stop words.
  // PL/pgSQL keeps the plans of its statements for the session; a SQL function would plan
  // them again at each search.
  `create function career_search_tsquery(q text) returns tsquery
    language plpgsql stable strict parallel safe as $$
    begin
      return (
        select string_agg('(' || alternatives || ')', ' & ')::tsquery
        from (
          select coalesce(
            case when not exists (select 1 from career_search d where d.document @@ (career_search_term(t.lexeme) || ':*')::tsquery) then
              (select string_agg(distinct career_search_term(n.lexeme) || ':*', ' | ')
                from (select w.lexeme from career_search_word w
                  where w.word % t.word and similarity(w.word, t.word) >= 0.4
                  order by similarity(w.word, t.word) desc, w.word limit 3) n)
            end,
            career_search_term(t.lexeme) || ':*') as alternatives
          from career_search_query_words(q) t
        ) terms
      );
    end
  $$`,
  `select career_search_rebuild_all()`,
  // Search no longer reads alternate titles by full text or trigrams; their indexes only
  // slowed imports down.
  `drop index career_alternate_title_search`,
  `drop index career_alternate_title_trgm`,
  `select career_facts_watch('career_search')`,
  `select career_facts_watch('career_search_word')`,
]

export async function up (db: Kysely<unknown>): Promise<void> {
  for (const statement of upStatements) await sql.raw(statement).execute(db)
}

const TRIGGERS = ['career_search_insert', 'career_search_update', 'career_search_delete']

export async function down (db: Kysely<unknown>): Promise<void> {
  await sql`create index career_alternate_title_search on career_alternate_title using gin (search_vector)`.execute(db)
  await sql`create index career_alternate_title_trgm on career_alternate_title using gin (title gin_trgm_ops)`.execute(db)
  for (const name of TRIGGERS) {
    await sql`drop trigger ${sql.raw(name)} on career`.execute(db)
    await sql`drop trigger ${sql.raw(name)} on career_alternate_title`.execute(db)
  }
  await sql`drop trigger career_search_truncate on career_alternate_title`.execute(db)
  for (const fn of [
    'career_search_tsquery(text)', 'career_search_rebuild()', 'career_search_rebuild_all()', 'career_search_on_career()',
    'career_search_on_title()', 'career_search_drop_words(text[])', 'career_search_add_words(text[])',
    'career_search_query_words(text)', 'career_search_title_words(text[])', 'career_search_refresh(integer[])', 'career_search_term(text)',
  ]) await sql`drop function ${sql.raw(fn)}`.execute(db)
  await sql`drop trigger career_facts_changed on career_search_word`.execute(db)
  await sql`drop trigger career_facts_changed on career_search`.execute(db)
  await sql`drop table career_search_word`.execute(db)
  await sql`drop table career_search`.execute(db)
}
