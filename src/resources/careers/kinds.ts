// Which career answers for a SOC code. An official occupation (or group) holds its code
// alone; editorial careers may name the same code as the occupation they sit within. Where a
// code must lead to one career, the official one wins, and without one the oldest editorial.
import { sql } from 'kysely'

/** Sorts official careers before editorial ones: put it before `id` in an `order by`. */
export function editorialLast (career = 'career') {
  return sql<boolean>`${sql.ref(`${career}.kind`)} = 'editorial'`
}
