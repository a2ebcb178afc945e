// What query functions take: the database, or a transaction on it, alike.
import type { Expression, Kysely, Transaction } from 'kysely'
import type { Database } from './schema.js'

export type Queryable = Kysely<Database> | Transaction<Database>

/**
 * A value a query compares with: given (a parameter), or a column of an enclosing query,
 * which lets one statement find a row and read what hangs off it (the career profile).
 */
export type Operand<T> = T | Expression<T>
