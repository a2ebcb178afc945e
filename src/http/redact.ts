// API keys that callers put where they do not belong (the query string, the path) must not
// be written to the log or echoed in a problem: such requests are refused, but the key is
// then compromised only if it is also kept somewhere.

// A key's shape (src/auth/keys.ts) and the query parameters other APIs take keys in.
const KEY_TOKEN = /cfk_[A-Za-z0-9_-]+/g
const KEY_PARAMETER = /([?&](?:key|api_key|apikey|api-key|access_token|token)=)[^&#]*/gi

/** The URL with anything that could be a key replaced by `[redacted]`. */
export function redactUrl (url: string): string {
  return url.replace(KEY_TOKEN, 'cfk_[redacted]').replace(KEY_PARAMETER, '$1[redacted]')
}
