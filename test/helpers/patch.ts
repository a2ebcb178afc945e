// Editors' round trips for the every-field tests: create a row, PATCH one field with the
// current ETag, and read back what a GET then answers.
import type { FastifyInstance } from 'fastify'
import type { Asserts } from './http.js'

export interface Patcher {
  create: (url: string, body: object) => Promise<string>
  /** PATCHes one field and answers what a GET of `readAt` (by default the same URL) then answers. */
  patch: (url: string, body: object, readAt?: string) => Promise<Record<string, unknown>>
}

export function patcher (t: Asserts, app: FastifyInstance, editor: Record<string, string>): Patcher {
  return {
    async create (url, body) {
      const response = await app.inject({ method: 'POST', url, headers: editor, payload: body })
      t.equal(response.statusCode, 201, response.body)
      return String(response.headers.location)
    },
    async patch (url, body, readAt = url) {
      const etag = String((await app.inject({ url })).headers.etag)
      const response = await app.inject({
        method: 'PATCH',
        url,
        headers: { ...editor, 'if-match': etag, 'content-type': 'application/merge-patch+json' },
        payload: JSON.stringify(body),
      })
      t.equal(response.statusCode, 200, `PATCH ${JSON.stringify(body)}: ${response.body}`)
      return (await app.inject({ url: readAt })).json<Record<string, unknown>>()
    },
  }
}
