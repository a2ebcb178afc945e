// Every problem the API can answer, declared once: a name, a stable machine code, its HTTP
// status, its problem kind (the /problems/<kind> type; none means about:blank) and its
// wording as a function of its arguments. Code anywhere (queries, routes, plugins) throws
// what these factories make; only src/plugins/errors.ts turns them into HTTP.
//
//   throw errors.careerNotFound(key)                 // 404, 'No career has the key nope.'
//   throw errors.unknownIssuer('issuer', issuer)     // 400 naming body.issuer or query.issuer
//
// An input error names the field of the input it concerns as that input spells it
// ('issuer', 'data.3.socCode', 'education.fieldsOfStudy'), never where the request carried
// it: the errors plugin adds 'body.', 'query.' or 'path.' (see `locateField` there), so a
// query function reads the same whether a query string, a path or a body fed it.

/** The problem types under /problems/, each with the statuses it may answer. */
const KIND_STATUSES = {
  validation: [400, 414],
  'not-found': [404],
  conflict: [409],
  stale: [412],
  'precondition-required': [428],
  unauthorized: [401],
  forbidden: [403],
  'rate-limited': [429],
  'not-ready': [503],
  timeout: [503],
} as const satisfies Record<string, readonly number[]>

export type ProblemKind = keyof typeof KIND_STATUSES

/** A problem's `type`: its kind's page under /problems/, or about:blank where the status says it all. */
export type ProblemType = 'about:blank' | `/problems/${ProblemKind}`
export const problemTypes: readonly ProblemType[] = [
  'about:blank', ...(Object.keys(KIND_STATUSES) as ProblemKind[]).map((kind) => `/problems/${kind}` as const),
]

export function statusesOfKind (kind: ProblemKind): readonly number[] {
  return KIND_STATUSES[kind]
}

/** The parts of a request, as clients name them in `errors[].name`. */
export type RequestPart = 'path' | 'query' | 'header' | 'body' | 'request'

/** One bad input: its field, what is wrong with it, and its part of the request when the thrower knows it. */
export interface InputFault {
  readonly field: string
  readonly reason: string
  /** Set only where the field cannot be found in body, query or path (headers, schema validation). */
  readonly in?: RequestPart
}

/** An input as the client knows it: `query.limit`, `body.data.3.area`. */
export interface NamedFault {
  name: string
  reason: string
}

type Wording = string | ((named: readonly NamedFault[]) => string)

/** `part.field`, leaving out whichever is empty (a body that is not an object is just `body`). */
export function joinName (part: string | undefined, field: string): string {
  return [part ?? '', field].filter((segment) => segment !== '').join('.')
}

/** A problem from the catalogue, thrown by any layer; `errors` below makes them. */
export class ApiError extends Error {
  override name = 'ApiError'

  constructor (
    readonly code: string,
    readonly status: number,
    /** undefined: about:blank, the status says it all. */
    readonly kind: ProblemKind | undefined,
    private readonly wording: Wording,
    /** For input errors: each field at fault (most have one). */
    readonly inputs: readonly InputFault[] = [],
  ) {
    super(typeof wording === 'string'
      ? wording
      : wording(inputs.map((input) => ({ name: joinName(input.in, input.field), reason: input.reason }))))
  }

  get detail (): string {
    return this.message
  }

  /** The input field an input error concerns (the first, when several). */
  get field (): string | undefined {
    return this.inputs[0]?.field
  }

  /** The detail and the list of inputs, each input named by `nameOf` (its part of the request and field). */
  describe (nameOf: (input: InputFault) => string): { detail: string, errors: NamedFault[] } {
    const named = this.inputs.map((input) => ({ name: nameOf(input), reason: input.reason }))
    return { detail: typeof this.wording === 'string' ? this.wording : this.wording(named), errors: named }
  }
}

/** What the catalogue tells about an entry without making an error: for docs and tests. */
export interface ProblemEntry {
  readonly code: string
  /** null: the status the framework gave (requestRefused alone). */
  readonly status: number | null
  readonly kind: ProblemKind | null
}

type Factory<A extends unknown[]> = ((...args: A) => ApiError) & ProblemEntry

function checked (code: string, status: number, kind: ProblemKind | undefined): void {
  if (kind !== undefined && !(KIND_STATUSES[kind] as readonly number[]).includes(status)) {
    throw new Error(`${code}: a ${kind} problem cannot answer ${status}`)
  }
}

function define<A extends unknown[]> (
  code: string, status: number, kind: ProblemKind | undefined, detail: (...args: A) => string,
): Factory<A> {
  checked(code, status, kind)
  return Object.assign((...args: A) => new ApiError(code, status, kind, detail(...args)), {
    code, status, kind: kind ?? null,
  })
}

// A bad value in one field: 400, detail `<name>: <reason>`, one entry in `errors`.
const oneField: Wording = (named) => named.map((input) => `${input.name}: ${input.reason}`).join('; ')

/** An input error: its factory takes the field first, then what the reason names. */
function defineInput<A extends unknown[]> (code: string, reason: (...args: A) => string): Factory<[string, ...A]> {
  return Object.assign(
    (field: string, ...args: A) =>
      new ApiError(code, 400, 'validation', oneField, [{ field, reason: reason(...args) }]),
    { code, status: 400, kind: 'validation' as const },
  )
}

const plural = (count: number, word: string): string => `${count} ${word}(s)`

export const errors = {
  // --- not found (404)
  /** One or more career keys (a comparison names every unknown one). */
  careerNotFound: define('CAREER_NOT_FOUND', 404, 'not-found', (...keys: string[]) =>
    `No career has the key${keys.length > 1 ? 's' : ''} ${keys.join(', ')}.`),
  credentialNotFound: define('CREDENTIAL_NOT_FOUND', 404, 'not-found', (key: string) =>
    `No credential has the slug or abbreviation ${key}.`),
  programNotFound: define('PROGRAM_NOT_FOUND', 404, 'not-found', (id: number | string) =>
    `No program has the id ${id}.`),
  institutionNotFound: define('INSTITUTION_NOT_FOUND', 404, 'not-found', (id: number | string) =>
    `No institution has the id ${id}.`),
  fieldOfStudyNotFound: define('FIELD_OF_STUDY_NOT_FOUND', 404, 'not-found', (code: string) =>
    `No field of study has the CIP code ${code}.`),
  projectionCycleNotFound: define('PROJECTION_CYCLE_NOT_FOUND', 404, 'not-found', (cycle: string) =>
    `No projection cycle ${cycle}.`),
  credentialLinkNotFound: define('CREDENTIAL_LINK_NOT_FOUND', 404, 'not-found', (career: string, credential: string) =>
    `${career} does not link to the credential ${credential}.`),
  relationNotFound: define('RELATION_NOT_FOUND', 404, 'not-found', (career: string, kind: string, other: string) =>
    `${career} has no ${kind} relation to ${other}.`),
  routeNotFound: define('ROUTE_NOT_FOUND', 404, 'not-found', (path: string) => `No resource at ${path}.`),

  // --- a value of the request (400, naming the field)
  invalidCursor: defineInput('INVALID_CURSOR', (why: string) => `cursor ${why}`),
  unknownArea: defineInput('UNKNOWN_AREA', (code: string) => `no area has the code ${code}; see /v1/areas`),
  unknownCycle: defineInput('UNKNOWN_CYCLE', (cycle: string) =>
    `no projection cycle ${cycle}; the loaded cycles are those of /v1/careers/{key}/outlook`),
  unknownIndustry: defineInput('UNKNOWN_INDUSTRY', (code: string) =>
    `no industry has the code ${code}; see /v1/industries`),
  unknownIssuer: defineInput('UNKNOWN_ISSUER', (issuer: string) =>
    `no issuing body has the slug or abbreviation ${issuer}`),
  /** `seeList`: point to /v1/sources (salary and outlook bodies do; credential bodies do not). */
  unknownSource: defineInput('UNKNOWN_SOURCE', (slug: string, seeList: boolean) =>
    `no source has the slug ${slug}${seeList ? '; see /v1/sources' : ''}`),
  unknownInstitution: defineInput('UNKNOWN_INSTITUTION', (id: number) => `no institution has the id ${id}`),
  unknownCipCode: defineInput('UNKNOWN_CIP_CODE', (...codes: string[]) =>
    `${codes.join(', ')} is not a CIP 2020 code`),
  sponsorDisclosureMissing: defineInput('SPONSOR_DISCLOSURE_MISSING', () =>
    'a sponsored program needs its sponsor disclosure text'),
  grantorMissing: defineInput('GRANTOR_MISSING', () => 'a credential needs an issuer or a jurisdiction'),
  relevanceWithoutQuery: defineInput('RELEVANCE_WITHOUT_QUERY', () => 'sort=relevance needs a search query q'),
  comparedKeyEmpty: defineInput('COMPARED_KEY_EMPTY', () =>
    'has an empty key; separate 2 to 5 keys with single commas'),
  comparedCount: defineInput('COMPARED_COUNT', (min: number, max: number, got: number) =>
    `needs ${min} to ${max} career keys, got ${got}`),
  comparedKeyTwice: defineInput('COMPARED_KEY_TWICE', (key: string) => `names ${key} twice`),
  comparedCareerTwice: defineInput('COMPARED_CAREER_TWICE', () => 'names the same career twice'),
  selfRelation: defineInput('SELF_RELATION', () => 'a career cannot be related to itself'),
  careerWithoutSoc: defineInput('CAREER_WITHOUT_SOC', (career: string) =>
    `${career} has no SOC code, so no published figures can be attached to it; set its socCode first`),
  /** A salary estimate's SOC code that the career is not published under. */
  estimateSocCode: defineInput('ESTIMATE_SOC_CODE', (career: string, soc2018: string, codes2010: readonly string[]) =>
    `${career} is published under SOC 2018 ${soc2018}` +
    `${codes2010.length > 0 ? ` and SOC 2010 ${codes2010.join(', ')}` : ''}; name one of those`),
  /** A projection's SOC code that the career is not published under in that cycle. */
  projectionSocCode: defineInput('PROJECTION_SOC_CODE',
    (cycle: string, socVersion: number, career: string, codes: readonly string[]) =>
      `in the ${cycle} cycle (SOC ${socVersion}) ${career} is published under ` +
      `${codes.length > 0 ? codes.join(', ') : 'no code'}; name one of those`),
  duplicateEstimate: defineInput('DUPLICATE_ESTIMATE', () =>
    'a second estimate for the same SOC code, area and industry'),
  duplicateProjection: defineInput('DUPLICATE_PROJECTION', () => 'a second projection for the same SOC code'),
  /** The NUL guard knows which part it read, and headers are found nowhere else: `part` is given. */
  nulCharacter: Object.assign(
    (field: string, part: RequestPart) => new ApiError('NUL_CHARACTER', 400, 'validation', oneField, [
      { field, reason: 'must not contain the NUL character (U+0000)', in: part },
    ]),
    { code: 'NUL_CHARACTER', status: 400, kind: 'validation' as const },
  ),
  /** Fastify's schema validation: every field at fault, already located by the part it checked. */
  invalidRequest: Object.assign(
    (faults: readonly InputFault[]) => new ApiError('INVALID_REQUEST', 400, 'validation',
      (named) => named.map((input) => `${input.name} ${input.reason}`).join('; '), faults),
    { code: 'INVALID_REQUEST', status: 400, kind: 'validation' as const },
  ),
  preflightIncomplete: Object.assign(
    (missing: readonly string[]) => new ApiError('PREFLIGHT_INCOMPLETE', 400, 'validation',
      `A CORS preflight needs the ${missing.join(' and ')} header${missing.length > 1 ? 's' : ''}.`,
      missing.map((header) => ({ field: header, reason: 'is required in a CORS preflight', in: 'header' as const }))),
    { code: 'PREFLIGHT_INCOMPLETE', status: 400, kind: 'validation' as const },
  ),
  pathNotUtf8: define('PATH_NOT_UTF8', 400, 'validation', () => 'The path is not valid percent-encoded UTF-8.'),
  pathSegmentTooLong: define('PATH_SEGMENT_TOO_LONG', 414, 'validation', () => 'A path segment is too long.'),
  // Postgres refusals a client can cause (the database names no field).
  dataRuleBroken: define('DATA_RULE_BROKEN', 400, 'validation', () => 'A value breaks a data rule.'),
  valueMalformed: define('VALUE_MALFORMED', 400, 'validation', () => 'A value has the wrong form.'),
  valueTooLong: define('VALUE_TOO_LONG', 400, 'validation', () => 'A value is too long.'),
  numberOutOfRange: define('NUMBER_OUT_OF_RANGE', 400, 'validation', () => 'A number is out of range.'),

  // --- conflicts (409)
  duplicateRecord: define('DUPLICATE_RECORD', 409, 'conflict', () => 'A record with the same unique key exists.'),
  missingReference: define('MISSING_REFERENCE', 409, 'conflict', () =>
    'The change refers to a missing record, or others refer to this one.'),
  careerReferenced: define('CAREER_REFERENCED', 409, 'conflict', (career: string, related: number, links: number) =>
    `${career} is referred to by ${plural(related, 'related career')} and ${plural(links, 'credential link')}; ` +
    'delete with cascade=true to remove those links too.'),
  credentialLinked: define('CREDENTIAL_LINKED', 409, 'conflict', (credential: string, careers: number) =>
    `${credential} is linked to ${plural(careers, 'career')}; delete with cascade=true to remove those links too.`),
  institutionHasPrograms: define('INSTITUTION_HAS_PROGRAMS', 409, 'conflict', (id: number, programs: number) =>
    `Institution ${id} still offers ${plural(programs, 'program')}; delete them first.`),
  ipedsUnitIdTaken: define('IPEDS_UNIT_ID_TAKEN', 409, 'conflict', (institution: number, ipedsUnitId: number) =>
    `Institution ${institution} already has the IPEDS unit id ${ipedsUnitId}.`),

  // --- versions (428, 412); `what` is the resource as the sentence names it: 'the career'
  ifMatchRequired: define('IF_MATCH_REQUIRED', 428, 'precondition-required', (what: string) =>
    `Send If-Match with the ETag of ${what} as you last read it; changes to unseen versions are refused.`),
  versionStale: define('VERSION_STALE', 412, 'stale', (what: string) =>
    `${what[0]?.toUpperCase() ?? ''}${what.slice(1)} changed since you read it: ` +
    'GET it again, reapply your change, and send its new ETag.'),

  // --- keys, origins and limits
  apiKeyInvalid: define('API_KEY_INVALID', 401, 'unauthorized', () =>
    'The API key is not valid: unknown, revoked or malformed.'),
  apiKeyRequired: define('API_KEY_REQUIRED', 401, 'unauthorized', (scope: string) =>
    `This needs an API key with the ${scope} scope.`),
  scopeMissing: define('SCOPE_MISSING', 403, 'forbidden', (key: string, scope: string) =>
    `The key ${key} lacks the ${scope} scope.`),
  originMayNotWrite: define('ORIGIN_MAY_NOT_WRITE', 403, 'forbidden', (origin: string) =>
    `Pages on ${origin} may not write here; the operator lists the origins that may in CORS_WRITE_ORIGINS.`),
  tooManyUnknownKeys: define('TOO_MANY_UNKNOWN_KEYS', 429, 'rate-limited', (seconds: number) =>
    `Too many unknown keys from this address; retry in ${seconds} seconds.`),
  rateLimited: define('RATE_LIMITED', 429, 'rate-limited', (max: number, windowSeconds: number, after: string) =>
    `At most ${max} requests per ${windowSeconds} s; retry in ${after}.`),

  // --- the service (503)
  databaseUnreachable: define('DATABASE_UNREACHABLE', 503, 'not-ready', () =>
    'The database cannot be reached at the moment; retry shortly.'),
  /** `database`: 'database' or 'read replica'. */
  probeFailed: define('PROBE_FAILED', 503, 'not-ready', (database: string) => `The ${database} does not answer.`),
  migrationsPending: define('MIGRATIONS_PENDING', 503, 'not-ready', (pending: readonly string[], replica: boolean) =>
    `Migrations not applied${replica ? ' on the read replica' : ''}: ${pending.join(', ')}.`),
  shuttingDown: define('SHUTTING_DOWN', 503, 'not-ready', () => 'The server is shutting down; send the request again.'),
  queryTimeout: define('QUERY_TIMEOUT', 503, 'timeout', () => 'The query took too long.'),

  // --- HTTP itself (about:blank)
  methodNotAllowed: define('METHOD_NOT_ALLOWED', 405, undefined, (method: string, allowed: readonly string[]) =>
    `${method} is not allowed here; use ${allowed.join(' or ')}.`),
  requestTimeout: define('REQUEST_TIMEOUT', 408, undefined, () => 'The request did not arrive in time; send it again.'),
  headersTooLarge: define('HEADERS_TOO_LARGE', 431, undefined, () =>
    'The request line and headers are larger than 16 KiB.'),
  unreadableRequest: define('UNREADABLE_REQUEST', 400, undefined, () =>
    'The request is not valid HTTP/1.1 and could not be read.'),
  /** A 4xx Fastify answers itself (413 body too large, 415 media type, malformed JSON): its status and message. */
  requestRefused: Object.assign(
    (status: number, message: string) => new ApiError('REQUEST_REFUSED', status, undefined, message),
    { code: 'REQUEST_REFUSED', status: null, kind: null },
  ),
  internal: define('INTERNAL', 500, undefined, () => 'The server could not answer this request. It has been logged.'),
} satisfies Record<string, ProblemEntry>

export type ErrorName = keyof typeof errors

/** Every entry with its name, in declaration order. */
export const catalogue: ReadonlyArray<ProblemEntry & { name: ErrorName }> =
  (Object.keys(errors) as ErrorName[]).map((name) => {
    const { code, status, kind } = errors[name]
    return { name, code, status, kind }
  })
