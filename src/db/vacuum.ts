// VACUUM (ANALYZE) of the whole database after a bulk write, outside any transaction (VACUUM
// cannot run in one). A load leaves dead row versions behind: a career's search document is
// written with the career and again as its alternate titles arrive, and the lexicon and list
// keys with it; after `import all` career_search held three dead versions per live row.
// Lists and search read and skip them until a vacuum. Autovacuum, where it runs, gets to
// them within minutes; PGlite has none, nor has a server run with it off (as the CI machines
// here). ANALYZE gives the planner the statistics of what was loaded.
import { sql } from 'kysely'
import type { Db } from './connect.js'

export async function vacuumAnalyze (db: Db): Promise<void> {
  await sql`vacuum (analyze)`.execute(db)
}
