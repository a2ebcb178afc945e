// RFC 9457 problem details: the one shape every 4xx and 5xx answer takes.
import { joinName, type ApiError, type InputFault, type ProblemKind } from '../errors.js'
import type { ProblemBody } from '../schemas/common.js'

export const PROBLEM_CONTENT_TYPE = 'application/problem+json'

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  408: 'Request Timeout',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
}

/** Problem types are relative URIs under /problems/, documented in the README. */
export function problem (
  status: number,
  detail: string,
  extra: Partial<ProblemBody> & { kind?: ProblemKind } = {},
): ProblemBody {
  const { kind, ...rest } = extra
  return {
    type: kind === undefined ? 'about:blank' : `/problems/${kind}`,
    title: TITLES[status] ?? (status >= 500 ? 'Server Error' : 'Client Error'),
    status,
    detail,
    ...rest,
  }
}

/**
 * The problem a catalogue error answers. `nameOf` names each input as the client knows it
 * (the errors plugin finds its part of the request); without it, only a part the error
 * gives itself is added.
 */
export function problemOf (
  error: ApiError,
  nameOf: (input: InputFault) => string = (input) => joinName(input.in, input.field),
): ProblemBody {
  const { detail, errors } = error.describe(nameOf)
  return problem(error.status, detail, {
    ...(error.kind === undefined ? {} : { kind: error.kind }),
    ...(errors.length === 0 ? {} : { errors }),
  })
}
