// Plans that use the indexes on the full dataset.
// 1. The search query (each word of q as a prefix of a stemmed word) as an immutable
//    function: with q known at planning, Postgres folds it to a constant tsquery, estimates
//    its matches and reads the GIN indexes instead of testing every alternate title.
// 2. Trigram word similarity costs far more than the default cost of 1 says; at that cost
//    the planner reads all 56k alternate titles rather than the trigram index. Extension
//    functions keep such settings until the extension is re-created (pg_dump does not
//    carry them), so the migration states them here.
import { sql, type Kysely } from 'kysely'

const TRIGRAM_OPERATORS = ['word_similarity_op', 'word_similarity_commutator_op']

export async function up (db: Kysely<unknown>): Promise<void> {
  await sql`create function career_search_query(q text) returns tsquery
    language sql immutable strict parallel safe
    return (select to_tsquery('english', string_agg(quote_literal(lexeme) || ':*', ' & ')) from unnest(to_tsvector('english', q)))`.execute(db)
  for (const name of TRIGRAM_OPERATORS) await sql`alter function ${sql.raw(name)}(text, text) cost 100`.execute(db)
}

export async function down (db: Kysely<unknown>): Promise<void> {
  for (const name of TRIGRAM_OPERATORS) await sql`alter function ${sql.raw(name)}(text, text) cost 1`.execute(db)
  await sql`drop function career_search_query(text)`.execute(db)
}
