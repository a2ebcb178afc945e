// From an editor's body to the columns it writes, checked by the compiler both ways. A
// resource declares, for every field of its patch body, which columns the field writes and
// how; and it lists the columns editors never write. A body field without an entry, an entry
// for a field the body lacks, a writer that sets a column it did not declare, or a table
// column that is neither written by some field nor listed as not editable: none compiles.
import type { Updateable } from 'kysely'

/** How one body field writes its columns: only those it declares. */
export interface FieldWriter<Value, Table, Column extends keyof Updateable<Table>> {
  columns: readonly Column[]
  write: (value: Value) => Pick<Updateable<Table>, Column>
}

/** One writer per field of `Body`, none for anything else. */
export type ColumnMap<Body, Table> = {
  [Field in keyof Required<Body>]-?: FieldWriter<Exclude<Body[Field], undefined>, Table, keyof Updateable<Table>>
}

/** The columns a map's writers declare. */
export type MappedColumns<Map> = {
  [Field in keyof Map]: Map[Field] extends { columns: readonly (infer Column)[] } ? Column : never
}[keyof Map]

/**
 * `true` only when every column of `Table` that can be updated is written by some field of
 * `Map` or named in `NotEditable`; otherwise the columns left over, which do not match `true`.
 */
export type EveryColumnWritten<Table, Map, NotEditable extends keyof Updateable<Table>> =
  [Exclude<keyof Updateable<Table>, MappedColumns<Map> | NotEditable>] extends [never]
    ? true
    : Exclude<keyof Updateable<Table>, MappedColumns<Map> | NotEditable>

/** Compiles only when `Check` is `true`: `type _Covered = Assert<EveryColumnWritten<…>>`. */
export type Assert<Check extends true> = Check

/** A writer for a field that is copied to one column as it is. */
export function column<Table, Column extends keyof Updateable<Table>, Value extends Updateable<Table>[Column]> (
  name: Column,
): FieldWriter<Value, Table, Column> {
  return { columns: [name], write: (value) => ({ [name]: value }) as Pick<Updateable<Table>, Column> }
}

/** A writer for a field the resource stores in rows of other tables, written by its own code. */
export function elsewhere<Table> (): FieldWriter<unknown, Table, never> {
  return { columns: [], write: () => ({}) }
}

/** The columns that the fields present in `body` write. */
export function columnsOf<Body extends object, Table> (map: ColumnMap<Body, Table>, body: Body): Updateable<Table> {
  const set: Updateable<Table> = {}
  for (const field of Object.keys(map) as Array<keyof Body>) {
    const value = body[field]
    if (value === undefined) continue
    Object.assign(set, (map[field] as FieldWriter<unknown, Table, keyof Updateable<Table>>).write(value))
  }
  return set
}
