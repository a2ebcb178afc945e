// `keys create|list|revoke`: the only way keys come to exist. A new key is printed once,
// alone on the last line, and never stored: only its digest is.
import { parseArgs } from 'node:util'
import type { Db } from '../db/connect.js'
import { generateKey, hashKey, KEY_NAME, parseScopes } from '../auth/keys.js'
import { insertApiKey, listApiKeys, revokeApiKey } from '../auth/api-keys.js'
import { UsageError } from './usage.js'

export const KEYS_USAGE = `  keys create --name <name> [--scopes read,write]
                     create a key (default scope: read); prints the key once, on the last line
  keys list          list keys: name, scopes, created, last used, revoked
  keys revoke <name> revoke a key at once; its name is not reused
`

export interface Output {
  out: (line: string) => void
  err: (line: string) => void
}

function date (value: Date | null): string {
  return value === null ? '-' : value.toISOString()
}

/** Runs one keys subcommand; returns the process exit code. */
export async function keysCommand (db: Db, args: string[], io: Output): Promise<number> {
  const [sub, ...rest] = args
  switch (sub) {
    case 'create': {
      const { values } = parseArgs({
        args: rest,
        options: { name: { type: 'string' }, scopes: { type: 'string', default: 'read' } },
      })
      if (values.name === undefined || !KEY_NAME.test(values.name)) {
        throw new UsageError('keys create needs --name: lowercase letters, digits, ".", "_" or "-", at most 64')
      }
      const scopes = parseScopes(values.scopes)
      const taken = await db.selectFrom('api_key').select('name').where('name', '=', values.name).executeTakeFirst()
      if (taken !== undefined) {
        throw new UsageError(`a key named ${values.name} exists or existed; names are never reused`)
      }
      const key = generateKey()
      await insertApiKey(db, values.name, hashKey(key), scopes)
      io.err(`created key ${values.name} with scopes ${scopes.join(',')}; it is shown once, store it now:`)
      io.out(key)
      return 0
    }
    case 'list': {
      const keys = await listApiKeys(db)
      io.out(['name', 'scopes', 'created', 'last-used', 'revoked'].join('\t'))
      for (const key of keys) {
        io.out([
          key.name, key.scopes.join(','), date(key.createdAt), date(key.lastUsedAt), date(key.revokedAt),
        ].join('\t'))
      }
      return 0
    }
    case 'revoke': {
      const name = rest[0]
      if (name === undefined) throw new UsageError('keys revoke needs a key name')
      if (!await revokeApiKey(db, name)) {
        io.err(`no active key named ${name}`)
        return 1
      }
      io.out(`revoked ${name}`)
      return 0
    }
    default:
      throw new UsageError(`usage:\n${KEYS_USAGE}`)
  }
}
