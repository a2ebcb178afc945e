// Answers whose JSON already exists as text (stored, or built by Postgres): sent as that text.
// Fastify serializes objects through the route's response schema; a string with a JSON
// content type goes out as it is, so the text is not parsed and serialized again. The tests
// validate such answers against the route's schema like every other.
import type { FastifyReply } from 'fastify'

export function sendJsonText (reply: FastifyReply, text: string): FastifyReply {
  return reply.type('application/json; charset=utf-8').send(text)
}

// A representation read as JSON text and parsed (a write's answer, the version it checks)
// keeps its text: an ETag hashes the exact bytes a GET sends, and a GET sends that text.
const readAs = new WeakMap<object, string>()

/** Parses JSON text a statement built to the shape T, keeping the text for jsonTextOf. */
export function parseJsonText<T extends object> (text: string): T {
  // The statement builds T; the tests check its answers against T's schema.
  const body = JSON.parse(text) as T
  readAs.set(body, text)
  return body
}

/** The text a representation was read as; undefined for one built in TypeScript. */
export function jsonTextOf (body: object): string | undefined {
  return readAs.get(body)
}

/** Sends a representation: as the text it was read as, else through the route's serializer. */
export function sendRepresentation<T extends object> (reply: FastifyReply, body: T): T | FastifyReply {
  const text = readAs.get(body)
  return text === undefined ? body : sendJsonText(reply, text)
}
