// Answers whose JSON already exists as text (stored, or built by Postgres): sent as that text.
// Fastify serializes objects through the route's response schema; a string with a JSON
// content type goes out as it is, so the text is not parsed and serialized again. The tests
// validate such answers against the route's schema like every other.
import type { FastifyReply } from 'fastify'

export function sendJsonText (reply: FastifyReply, text: string): FastifyReply {
  return reply.type('application/json; charset=utf-8').send(text)
}
