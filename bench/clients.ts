// The clients the benchmark speaks as, each by the headers it sends. What a server does with
// a request depends on them (compression on Accept-Encoding, CORS on Origin, header parsing
// on their number), so a figure measured with autocannon's bare request says little about
// what Node's fetch or a browser gets.
import http from 'node:http'

export interface Client {
  /** Sent on every request, beside the Host the load generator always sends. */
  headers: Record<string, string>
  /** The coding an answer of 1 KB or more must come back in; null: uncompressed. */
  coding: 'br' | 'gzip' | null
  description: string
}

export const CLIENTS = {
  // autocannon and curl: no Accept-Encoding, nothing beyond Host.
  bare: {
    headers: {},
    coding: null,
    description: 'no headers beyond Host, as autocannon and curl send',
  },
  // Exactly what Node 20's fetch (undici) sends, read off a node:http server.
  'node-fetch': {
    headers: {
      connection: 'keep-alive',
      accept: '*/*',
      'accept-language': '*',
      'sec-fetch-mode': 'cors',
      'user-agent': 'node',
      'accept-encoding': 'gzip, deflate',
    },
    coding: 'gzip',
    description: 'Node 20 fetch: accept */*, accept-language *, sec-fetch-mode cors, user-agent node, ' +
      'accept-encoding gzip, deflate',
  },
  // A partner's page calling the API with fetch() from Chrome over HTTP/1.1, as DevTools shows it.
  browser: {
    headers: {
      connection: 'keep-alive',
      'sec-ch-ua-platform': '"Windows"',
      'user-agent': 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) ' +
        'Chrome/142.0.0.0 Safari/537.36',
      accept: 'application/json, text/plain, */*',
      'sec-ch-ua': '"Chromium";v="142", "Google Chrome";v="142", "Not_A Brand";v="99"',
      'sec-ch-ua-mobile': '?0',
      origin: 'https://partner.example',
      'sec-fetch-site': 'cross-site',
      'sec-fetch-mode': 'cors',
      'sec-fetch-dest': 'empty',
      referer: 'https://partner.example/',
      'accept-encoding': 'gzip, deflate, br, zstd',
      'accept-language': 'en-US,en;q=0.9',
      priority: 'u=1, i',
    },
    coding: 'br',
    description: 'Chrome 142 fetch() from https://partner.example: Origin, Referer, sec-fetch-*, sec-ch-ua, ' +
      'accept-encoding gzip, deflate, br, zstd',
  },
} as const satisfies Record<string, Client>

export type ClientName = keyof typeof CLIENTS
export const CLIENT_NAMES = Object.keys(CLIENTS) as ClientName[]

interface Probe {
  status: number
  coding: string | null
  bytes: number
  headers: http.IncomingHttpHeaders
}

/** One request with exactly the client's headers (fetch would add its own and decode the body). */
function probe (url: string, path: string, headers: Record<string, string>, agent: http.Agent): Promise<Probe> {
  return new Promise((resolve, reject) => {
    const request = http.get(`${url}${path}`, { headers, agent }, (response) => {
      let bytes = 0
      response.on('data', (chunk: Buffer) => { bytes += chunk.length })
      response.on('end', () => {
        const coding = response.headers['content-encoding'] ?? null
        resolve({ status: response.statusCode ?? 0, coding, bytes, headers: response.headers })
      })
      response.on('error', reject)
    })
    request.on('error', reject)
  })
}

export interface WarmUp {
  requests: number
  /** Answers by content coding ("identity" for none). */
  codings: Record<string, number>
  /** Mean bytes on the wire per answer. */
  meanBytes: number
}

/**
 * Requests each path once as the client, so that the answers and their compressed forms
 * are made before the load begins, and checks that each came back with the status expected
 * and, for a compressing client, compressed: a figure for br clients measured on identity
 * answers would be flattering and wrong. Bodies under 1 KB (probes) are exempt: the
 * service leaves them uncompressed for every client.
 */
export async function warmUp (
  url: string,
  paths: string[],
  name: ClientName,
  expected = 200,
): Promise<WarmUp> {
  const client: Client = CLIENTS[name]
  const codings: Record<string, number> = {}
  let bytes = 0
  // One connection, reused as clients do, and closed at the end: none left idle in the server.
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
  try {
    for (const path of paths) {
      const answer = await probe(url, path, client.headers, agent)
      if (answer.status !== expected) throw new Error(`${name} ${path}: status ${answer.status}, not ${expected}`)
      const coding = answer.coding ?? 'identity'
      codings[coding] = (codings[coding] ?? 0) + 1
      bytes += answer.bytes
      const compressible = answer.coding !== null || answer.bytes >= 1024
      if (compressible && (answer.coding ?? null) !== client.coding) {
        throw new Error(`${name} ${path}: content-encoding ${coding}, expected ${client.coding ?? 'identity'}`)
      }
      if (name === 'browser' && answer.headers['access-control-allow-origin'] === undefined) {
        throw new Error(`${name} ${path}: no Access-Control-Allow-Origin: the browser would refuse the answer`)
      }
    }
  } finally {
    agent.destroy()
  }
  return { requests: paths.length, codings, meanBytes: paths.length === 0 ? 0 : Math.round(bytes / paths.length) }
}

/** The requests of a scenario, each carrying the client's headers. */
export function as (name: ClientName, requests: Array<{ path: string }>): Array<{
  path: string
  headers: Record<string, string>
}> {
  return requests.map((request) => ({ path: request.path, headers: { ...CLIENTS[name].headers } }))
}
