// Creates API keys in a test database through the CLI command, as an operator would.
import type { Db } from '../../src/db/connect.js'
import { keysCommand } from '../../src/cli/keys.js'

/** Runs `keys …` and returns what it printed. */
export async function runKeys (db: Db, args: string[]): Promise<{ code: number, out: string[], err: string[] }> {
  const out: string[] = []
  const err: string[] = []
  const code = await keysCommand(db, args, { out: (line) => out.push(line), err: (line) => err.push(line) })
  return { code, out, err }
}

/** A new key with these scopes (comma-separated). */
export async function createKey (db: Db, name: string, scopes: string): Promise<string> {
  const { code, out } = await runKeys(db, ['create', '--name', name, '--scopes', scopes])
  const key = out.at(-1)
  if (code !== 0 || key === undefined) throw new Error(`keys create ${name} failed`)
  return key
}

export const bearer = (key: string): Record<string, string> => ({ authorization: `Bearer ${key}` })
