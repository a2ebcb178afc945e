// Between corrections of a misspelt word equally near it, the more common word wins: it was
// the one more alternate titles hold, counted through their index at every search, a count
// that grows with the data (a misspelt search took 43 ms at 16 times the national data,
// bench:growth, for up to thirty candidates). Now the one more search documents hold, as
// the lexicon (migration 20261203T1100) keeps the count: one index lookup per candidate. The
// careers a word's alternate titles belong to and the alternate titles themselves order the
// candidates alike ("teacher" before "etcher").
import { sql, type Kysely } from 'kysely'
import { KNOWN, queryTerms } from './20261203T1100_search_lexicon.js'

const DOCUMENTS_HOLDING = '(select x.documents from career_search_lexeme x where x.lexeme = c.lexeme)'

export async function up (db: Kysely<unknown>): Promise<void> {
  await sql.raw(queryTerms(KNOWN, DOCUMENTS_HOLDING)).execute(db)
}

export async function down (db: Kysely<unknown>): Promise<void> {
  await sql.raw(queryTerms(KNOWN)).execute(db)
}
