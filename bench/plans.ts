// What Postgres does for one request: the statements a query function issues, recorded by a
// Kysely plugin, then each run again under EXPLAIN (ANALYZE): its execution time and the rows
// its scans read. Shared by bench/search-plans.ts and bench/growth.ts.
import {
  CompiledQuery,
  type KyselyPlugin,
  type QueryId,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
} from 'kysely'
import type { Db } from '../src/db/connect.js'

/**
 * Keeps the statements executed through it, in order. Subqueries pass through
 * transformQuery too, as they are built; only a statement that ran reaches transformResult.
 */
export class Recorder implements KyselyPlugin {
  executed: Array<{ node: RootOperationNode, queryId: QueryId }> = []
  readonly #built = new WeakMap<QueryId, RootOperationNode>()

  transformQuery ({ node, queryId }: { node: RootOperationNode, queryId: QueryId }): RootOperationNode {
    this.#built.set(queryId, node)
    return node
  }

  async transformResult (
    { result, queryId }: { result: QueryResult<UnknownRow>, queryId: QueryId },
  ): Promise<QueryResult<UnknownRow>> {
    const node = this.#built.get(queryId)
    if (node !== undefined) this.executed.push({ node, queryId })
    return result
  }
}

interface PlanNode {
  'Node Type': string
  'Actual Rows'?: number
  'Actual Loops'?: number
  Plans?: PlanNode[]
}

const SCANS = new Set(['Seq Scan', 'Index Scan', 'Index Only Scan', 'Bitmap Heap Scan', 'Bitmap Index Scan'])

/** Rows the plan's scans produced, each times its loops: how much of the tables a statement touched. */
function rowsScanned (node: PlanNode): number {
  const own = SCANS.has(node['Node Type']) ? (node['Actual Rows'] ?? 0) * (node['Actual Loops'] ?? 1) : 0
  return own + (node.Plans ?? []).reduce((sum, child) => sum + rowsScanned(child), 0)
}

export interface Explained {
  sql: string
  parameters: readonly unknown[]
  executionMs: number
  planningMs: number
  rowsScanned: number
}

/** EXPLAIN (ANALYZE) of each statement recorded, on the database the recording came from. */
export async function explainRecorded (db: Db, recorder: Recorder): Promise<Explained[]> {
  const explained: Explained[] = []
  for (const { node, queryId } of recorder.executed) {
    const compiled = db.getExecutor().compileQuery(node, queryId)
    const result = await db.executeQuery<{ 'QUERY PLAN': Array<{
      Plan: PlanNode
      'Execution Time': number
      'Planning Time': number
    }> }>(CompiledQuery.raw(`explain (analyze, format json) ${compiled.sql}`, [...compiled.parameters]))
    const plan = result.rows[0]?.['QUERY PLAN'][0]
    explained.push({
      sql: compiled.sql,
      parameters: compiled.parameters,
      executionMs: plan?.['Execution Time'] ?? NaN,
      planningMs: plan?.['Planning Time'] ?? NaN,
      rowsScanned: plan === undefined ? NaN : rowsScanned(plan.Plan),
    })
  }
  return explained
}
