// Search relevance (issue 17): the occupation a person means comes first. The SQL pieces of
// the ranking rule that src/resources/careers/search.ts (searchScores) states:
// - career_alternate_title_search again (20261128T2100 dropped it): a GIN index on the
//   alternate titles' own vectors, so the titles that hold every query word are found by
//   the index, whichever the careers, instead of testing all ~65 of each matching career;
//   and the trigram similarity operator's cost, so that corrections read the trigram index.
// - career_search_query_terms, typo tolerance: a word that begins no word of any document
//   stands for the title word nearest in spelling (career_search_edit_units: a missing or
//   extra letter 2, a wrong letter 3, two neighbouring letters swapped 1, a first letter
//   other than the word's own 1 more; at most 3 for words of up to five letters, 6 beyond),
//   then the most similar by trigrams, then the one in most alternate titles: "nurce" reads
//   "nurse", "laywer" "lawyer", "techer" "teacher" (not "etcher"), "electrican"
//   "electrician" (not "electrical"). With no title word that near, its nearest title words
//   by trigram similarity, as before. A word of five letters or more that begins words of
//   the documents (the stemmer made a stem of it) but no title word also reads as its
//   nearest title word within those limits, beside itself: "programer" matches what
//   "program" does, and ranks as "programmer". Candidates come from the trigram index
//   (similarity at least 0.2, the thirty nearest), so a swap, which trigrams score low, is
//   still seen. career_search_tsquery is built on it.
// - career_search_terms: everything the ranking needs to know of q, worked out once.
// - career_search_names_q (and the title's tier): a name (a title, a name a title lists, an
//   alternate title) holds q's words, or has exactly them and no more: the same stems,
//   spelled alike but for a plural ending ("nurses" is "nurse", but "accounting" is not
//   "accountant" and "animals" not "animator", though their stems are one).
// - career_search_names_exactly: an alternate title, or its abbreviation in parentheses, or
//   it without that part, names q.
// - career_search_title_tier: how well a career's own title names q (3, 2, 1.5, 1 or null).
import { sql, type Kysely } from 'kysely'

// The role words of a title about the helpers, assistants, aides, supervisors or teachers of
// an occupation rather than the occupation itself.
const ROLE = String.raw`\m(helpers?|assistants?|aides?|supervisors?|teachers?|instructors?)\M`

// How far a correction may be from the word typed (career_search_edit_units).
const LIMIT = 'case when length(t.word) <= 5 then 3 else 6 end'

// Spelled alike: the same word but for a plural ending.
const ALIKE = (a: string, b: string): string => `career_search_singular(${a}) = career_search_singular(${b})`

const upStatements = [
  `create index career_alternate_title_search on career_alternate_title
    using gin (search_vector) with (fastupdate = off)`,
  // As 20261128T1830 did for word similarity: at the default cost of 1 the planner tests all
  // 11k title words for trigram similarity (15 ms) rather than reading the trigram index.
  `alter function similarity_op(text, text) cost 100`,

  // Optimal string alignment distance, weighted by how common each slip is: a letter
  // missing or extra 2, a wrong letter 3, two neighbouring letters swapped 1; and 1 more
  // when the first letters differ. Beyond `bound`, bound + 1.
  `create function career_search_edit_units(a text, b text, bound integer) returns integer
    language plpgsql immutable strict parallel safe as $$
    declare
      x text[] := string_to_array(a, null);
      y text[] := string_to_array(b, null);
      m integer := coalesce(array_length(x, 1), 0);
      n integer := coalesce(array_length(y, 1), 0);
      extra integer := case when left(a, 1) = left(b, 1) then 0 else 1 end;
      before_last integer[];
      last integer[];
      current integer[];
      last_min integer := 0;
      current_min integer;
    begin
      if m = 0 or n = 0 then return 2 * greatest(m, n) + extra; end if;
      last := array(select 2 * generate_series(0, n));
      before_last := last;
      for i in 1 .. m loop
        current := array[2 * i] || array_fill(0, array[n]);
        current_min := 2 * i;
        for j in 1 .. n loop
          current[j + 1] := least(last[j + 1] + 2, current[j] + 2,
            last[j] + case when x[i] = y[j] then 0 else 3 end);
          if i > 1 and j > 1 and x[i] = y[j - 1] and x[i - 1] = y[j] then
            current[j + 1] := least(current[j + 1], before_last[j - 1] + 1);
          end if;
          current_min := least(current_min, current[j + 1]);
        end loop;
        -- Past the bound already: no later letter brings it back (a swap looks back one row).
        if least(current_min, last_min) + extra > bound then return bound + 1; end if;
        before_last := last;
        last := current;
        last_min := current_min;
      end loop;
      return last[n + 1] + extra;
    end
  $$`,

  // Each word of q with the lexeme and spelling it ranks as, and the tsquery alternatives it
  // matches. The trigram index finds the candidates of a correction at similarity 0.2 (the
  // setting holds inside this function only).
  String.raw`create function career_search_query_terms(q text)
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
        -- (counts, not exists: for exists the planner reads every document rather than the index)
        cross join lateral (select (select count(*) from career_search d
          where d.document @@ (career_search_term(t.lexeme) || ':*')::tsquery) > 0 as known) k
        left join lateral (
          select c.word, c.lexeme
          from (select w.word, w.lexeme, career_search_edit_units(w.word, t.word, ${LIMIT}) as units
            from (select w.word, w.lexeme from career_search_word w
              where w.word % t.word and abs(length(w.word) - length(t.word)) <= 2
              order by similarity(w.word, t.word) desc, w.word limit 30) w) c
          where (not k.known or (length(t.word) >= 5 and (
              select count(*) from career_search_word x
              where x.word like replace(replace(replace(t.word, '\', '\\'), '%', '\%'), '_', '\_') || '%') = 0))
            and c.units <= ${LIMIT}
          order by c.units, similarity(c.word, t.word) desc,
            (select count(*) from career_alternate_title a
              where a.search_vector @@ career_search_term(c.lexeme)::tsquery) desc,
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
  $$`,

  // The search query: every word of q, each as its alternatives (see above).
  `create function career_search_tsquery(q text) returns tsquery
    language sql stable strict parallel safe
    return (select string_agg('(' || alternatives || ')', ' & ')::tsquery from career_search_query_terms(q))`,

  // What the ranking needs to know of q, once: the search query (tsq); each word as the
  // whole word it ranks as (exact); tsq on titles only (in_title: weight A of the document);
  // any one of q's words, whole (any_word) or as a prefix (any_prefix); q's words as spelled
  // and as lexemes; the number of its words, stop words too (simple_words); whether q names
  // a role word, and whether it says "other".
  String.raw`create function career_search_terms(q text, out tsq tsquery, out exact tsquery, out in_title tsquery,
      out any_word tsquery, out any_prefix tsquery, out spelled text[], out lexemes text[],
      out simple_words integer, out role_named boolean, out names_other boolean)
    language plpgsql stable strict parallel safe as $$
    begin
      select string_agg('(' || t.alternatives || ')', ' & ')::tsquery,
        string_agg(career_search_term(t.lexeme), ' & ')::tsquery,
        array_agg(t.spelled), array_agg(t.lexeme)
        into tsq, exact, spelled, lexemes
      from career_search_query_terms(q) t;
      simple_words := length(to_tsvector('simple', q));
      names_other := q ~* '\mother\M';
      if tsq is null then return; end if;
      in_title := replace(tsq::text, ''':*', ''':*A')::tsquery;
      any_word := replace(exact::text, ' & ', ' | ')::tsquery;
      any_prefix := replace(tsq::text, ' & ', ' | ')::tsquery;
      role_named := to_tsvector('english', 'helpers assistants aides supervisors teachers instructors') @@ any_word;
    end
  $$`,

  // A word without its plural ending: secretaries, waitresses, nurses.
  String.raw`create function career_search_singular(word text) returns text
    language sql immutable parallel safe
    return case
      when word ~ 'ies$' then regexp_replace(word, 'ies$', 'y')
      when word ~ '(ss|x|ch|sh)es$' then regexp_replace(word, 'es$', '')
      when word ~ '[^s]s$' then left(word, -1)
      else word
    end`,

  // A name has no words but q's (stop words counted), each the same lexeme spelled alike.
  // With @@ exact (the name holds q's lexemes), the name is q.
  `create function career_search_names_q(name text, spelled text[], lexemes text[], simple_words integer)
    returns boolean language sql immutable strict parallel safe
    return length(to_tsvector('simple', name)) <= simple_words and (
      select count(*) between 1 and cardinality(lexemes) and bool_and(exists (
        select 1 from unnest(spelled, lexemes) q(word, lexeme)
        where q.lexeme = n.lexeme and ${ALIKE('q.word', 'n.word')}))
      from career_search_query_words(name) n)`,

  // Whether an alternate title can name q at all, cheaply: it has no more lexemes than q has
  // words, or a part of it (before the parenthesis, or inside) has no more spaces than q.
  // (Not strict, so that the planner inlines it.)
  String.raw`create function career_search_may_name(title text, vector tsvector, words integer, simple_words integer)
    returns boolean language sql immutable parallel safe
    return length(vector) <= words or (strpos(title, '(') > 0 and (
      length(btrim(split_part(title, '(', 1)))
        - length(replace(btrim(split_part(title, '(', 1)), ' ', '')) < simple_words
      or length(btrim(split_part(split_part(title, '(', 2), ')', 1)))
        - length(replace(btrim(split_part(split_part(title, '(', 2), ')', 1)), ' ', '')) < simple_words))`,

  // An alternate title names q: it does, or its abbreviation in parentheses does ("Physician
  // Assistant (PA)" names "PA"), or it does without that part ("Registered Nurse (RN)").
  `create function career_search_names_exactly(title text, vector tsvector, exact tsquery,
      spelled text[], lexemes text[], simple_words integer)
    returns boolean language plpgsql immutable strict parallel safe as $$
    declare
      part text;
    begin
      if not vector @@ exact then return false; end if;
      if length(vector) <= cardinality(lexemes) and career_search_names_q(title, spelled, lexemes, simple_words) then
        return true;
      end if;
      if strpos(title, '(') = 0 then return false; end if;
      foreach part in array array[split_part(title, '(', 1), split_part(split_part(title, '(', 2), ')', 1)] loop
        if to_tsvector('english', part) @@ exact and career_search_names_q(part, spelled, lexemes, simple_words) then
          return true;
        end if;
      end loop;
      return false;
    end
  $$`,

  // How well a title names q. Its "except …" clause is not part of it. A title lists the
  // names of one occupation ("Accountants and Auditors", "Plumbers, Pipefitters, and
  // Steamfitters"), perhaps with a qualifier after a comma ("Cooks, Restaurant"); a title
  // with "of" or "--" ("First-Line Supervisors of Police and Detectives", "Helpers--Roofers")
  // is one name; a one-word name after a name of several words shares that name's first
  // words ("Nursing Instructors and Teachers": nursing teachers). 3: a name, unqualified,
  // is q; 2: the title holds q's words, and a name without a role word that q does not name
  // holds one of them (a qualified name that is q is one such); 1.5: the same, but q's
  // words only begin words of the title; 1: only names with such a role word hold them (the
  // helpers, assistants, aides, supervisors or teachers of what q names); null: the title
  // does not hold q's words (or only in its except clause).
  String.raw`create function career_search_title_tier(title text, tsq tsquery, exact tsquery, any_word tsquery,
      any_prefix tsquery, spelled text[], lexemes text[], simple_words integer, role_named boolean)
    returns numeric language plpgsql immutable strict parallel safe as $$
    declare
      main text := regexp_replace(title, ',\s*except\M.*$', '', 'i');
      vector tsvector := to_tsvector('english', main);
      -- The title holds q's words, each the same lexeme spelled alike (q's words written in
      -- the title settle it without parsing the title's words).
      whole boolean := vector @@ exact and ((select bool_and(strpos(lower(main), career_search_singular(w)) > 0)
        from unnest(spelled) w) or not exists (select 1 from unnest(spelled, lexemes) q(word, lexeme)
          where not exists (select 1 from career_search_query_words(main) n
            where n.lexeme = q.lexeme and ${ALIKE('q.word', 'n.word')})));
      parts text[];
      members text[] := '{}';
      listed integer := 1;
      qualified boolean;
      member text;
      main_holds boolean := false;
      role_free boolean := false;
    begin
      if not whole and not vector @@ tsq then return null; end if;
      if main ~ '--' or main ~* '\mof\M' then
        parts := array[main];
        members := parts;
      else
        parts := regexp_split_to_array(main, '\s*,\s*');
        for i in 1 .. array_length(parts, 1) loop
          if parts[i] ~* '^and\M' then listed := i; end if;
        end loop;
        for i in 1 .. listed loop
          members := members || regexp_split_to_array(regexp_replace(parts[i], '^and\s+', '', 'i'), '\s+and\s+', 'i');
        end loop;
        for i in 2 .. coalesce(array_length(members, 1), 0) loop
          if members[i] !~ '\s' and members[i - 1] ~ '\s' then
            members[i] := regexp_replace(members[i - 1], '\S+$', '') || members[i];
          end if;
        end loop;
      end if;
      qualified := array_length(parts, 1) > listed;
      foreach member in array members loop
        vector := to_tsvector('english', member);
        if whole and not qualified and length(vector) <= cardinality(lexemes) and vector @@ exact
          and career_search_names_q(member, spelled, lexemes, simple_words) then
          return 3;
        end if;
        if role_named or member !~* '${ROLE}' then
          role_free := true;
          if vector @@ (case when whole then any_word else any_prefix end) then main_holds := true; end if;
        end if;
      end loop;
      -- A qualifier belongs to the names: it counts as theirs unless every name is a role.
      if not main_holds and qualified and role_free then
        main_holds := to_tsvector('english', array_to_string(parts[listed + 1 :], ' '))
          @@ (case when whole then any_word else any_prefix end);
      end if;
      return case when not main_holds then 1 when whole then 2 else 1.5 end;
    end
  $$`,
]

// career_search_tsquery as 20261128T2100 made it: the nearest title words by trigram similarity.
const PREVIOUS_TSQUERY = `create function career_search_tsquery(q text) returns tsquery
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
  $$`

export async function up (db: Kysely<unknown>): Promise<void> {
  // The previous search query was PL/pgSQL and is now SQL over career_search_query_terms.
  await sql`drop function career_search_tsquery(text)`.execute(db)
  for (const statement of upStatements) await sql.raw(statement).execute(db)
}

export async function down (db: Kysely<unknown>): Promise<void> {
  for (const fn of [
    'career_search_title_tier(text, tsquery, tsquery, tsquery, tsquery, text[], text[], integer, boolean)',
    'career_search_names_exactly(text, tsvector, tsquery, text[], text[], integer)',
    'career_search_may_name(text, tsvector, integer, integer)',
    'career_search_names_q(text, text[], text[], integer)',
    'career_search_terms(text)', 'career_search_tsquery(text)', 'career_search_query_terms(text)',
    'career_search_singular(text)', 'career_search_edit_units(text, text, integer)',
  ]) await sql`drop function ${sql.raw(fn)}`.execute(db)
  await sql.raw(PREVIOUS_TSQUERY).execute(db)
  await sql`alter function similarity_op(text, text) cost 1`.execute(db)
  await sql`drop index career_alternate_title_search`.execute(db)
}
