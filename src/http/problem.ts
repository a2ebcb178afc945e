// RFC 9457 problem details: the one shape every 4xx and 5xx answer takes.
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
  extra: Partial<ProblemBody> & { kind?: string } = {},
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

/** Thrown by handlers and the data layer for answers that are not 2xx. */
export class HttpProblem extends Error {
  constructor (readonly body: ProblemBody) {
    super(body.detail)
  }

  static notFound (detail: string): HttpProblem {
    return new HttpProblem(problem(404, detail, { kind: 'not-found' }))
  }

  static badParameter (name: string, reason: string): HttpProblem {
    return new HttpProblem(problem(400, `${name}: ${reason}`, { kind: 'validation', errors: [{ name, reason }] }))
  }
}
