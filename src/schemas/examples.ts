// The OpenAPI document's examples are the app's own answers: `npm run openapi` captures them
// from the seeded app (src/cli/example-capture.ts lists the requests) into examples.json,
// committed beside this file, and the openapi plugin places each on its operation's
// response. Only what no request to the seeded app answers is written by hand here.
import { problem } from '../http/problem.js'
import type { ProblemBody } from './common.js'
import captured from './examples.json' with { type: 'json' }

/** Examples by operationId, then status. */
export type Examples = Record<string, Record<string, unknown>>

export const committedExamples: Examples = captured

/** The time examples show for updatedAt and change times: the real ones are load and write times. */
export const EXAMPLE_TIME = '2026-11-28T12:00:00.000Z'

// A seeded app is ready: this is the answer of one whose database lacks the first migration.
export const notReadyExample: ProblemBody =
  problem(503, 'Migrations not applied: 20261128T1300_initial_schema.', { kind: 'not-ready' })
