// What an import did, table by table, and what it passed over and why.
export interface Counts {
  inserted: number
  updated: number
  unchanged: number
}

export class Summary {
  readonly tables = new Map<string, Counts>()
  readonly skipped = new Map<string, number>()
  /** Slugs of the sources the file's rows cite. */
  readonly sources = new Set<string>()
  /** Ids of the official careers the file's rows attach to: their answers may have changed. */
  readonly careers = new Set<number>()
  rowsRead = 0

  constructor (readonly file: string, readonly kind: string) {}

  add (table: string, counts: Partial<Counts>): void {
    const current = this.tables.get(table) ?? { inserted: 0, updated: 0, unchanged: 0 }
    current.inserted += counts.inserted ?? 0
    current.updated += counts.updated ?? 0
    current.unchanged += counts.unchanged ?? 0
    this.tables.set(table, current)
  }

  skip (reason: string, count = 1): void {
    this.skipped.set(reason, (this.skipped.get(reason) ?? 0) + count)
  }

  get totals (): Counts & { skipped: number } {
    const totals = { inserted: 0, updated: 0, unchanged: 0, skipped: 0 }
    for (const counts of this.tables.values()) {
      totals.inserted += counts.inserted
      totals.updated += counts.updated
      totals.unchanged += counts.unchanged
    }
    for (const count of this.skipped.values()) totals.skipped += count
    return totals
  }

  /** Plain lines for a terminal or a log. */
  format (): string {
    const totals = this.totals
    const lines = [`${this.file} (${this.kind}): ${this.rowsRead} rows read; ${totals.inserted} inserted, ` +
      `${totals.updated} updated, ${totals.unchanged} unchanged, ${totals.skipped} skipped`]
    for (const [table, counts] of this.tables) {
      lines.push(`  ${table}: ${counts.inserted} inserted, ${counts.updated} updated, ${counts.unchanged} unchanged`)
    }
    for (const [reason, count] of this.skipped) lines.push(`  skipped ${count}: ${reason}`)
    return `${lines.join('\n')}\n`
  }
}
