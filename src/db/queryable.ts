// What query functions take: the database, or a transaction on it, alike.
import type { Kysely, Transaction } from 'kysely'
import type { Database } from './schema.js'

export type Queryable = Kysely<Database> | Transaction<Database>
