// Raw HTTP/1.1 over a socket, for what a well-behaved client (fetch, inject) never sends:
// malformed requests, oversized headers, bodies that trickle in.
import net from 'node:net'

export interface RawAnswer {
  status: number
  headers: Record<string, string>
  body: string
  /** Milliseconds from connecting until the server closed the connection (null: still open at the end). */
  closedAfter: number | null
  /** Milliseconds from connecting until the first byte of the answer. */
  answeredAfter: number | null
}

/**
 * Connects, writes `chunks` (strings or bytes; a number waits that many ms), and collects the
 * first answer until the server closes or `waitMs` runs out.
 */
export async function rawExchange (
  port: number, chunks: Array<string | Buffer | number>, waitMs = 3000,
): Promise<RawAnswer> {
  const socket = net.connect({ host: '127.0.0.1', port })
  const started = Date.now()
  let received = Buffer.alloc(0)
  let answeredAfter: number | null = null
  let closedAfter: number | null = null
  socket.on('data', (data: Buffer) => {
    answeredAfter ??= Date.now() - started
    received = Buffer.concat([received, data])
  })
  // A reset after the answer is how some refusals end; the answer is what is checked.
  socket.on('error', () => undefined)
  const closed = new Promise<void>((resolve) => socket.once('close', () => {
    closedAfter = Date.now() - started
    resolve()
  }))
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()))
  for (const chunk of chunks) {
    if (typeof chunk === 'number') await new Promise((resolve) => setTimeout(resolve, chunk))
    else if (!socket.destroyed) socket.write(chunk)
  }
  await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, waitMs))])
  socket.destroy()
  const text = received.toString('latin1')
  const [head = '', ...rest] = text.split('\r\n\r\n')
  const [statusLine = '', ...headerLines] = head.split('\r\n')
  const headers: Record<string, string> = {}
  for (const line of headerLines) {
    const at = line.indexOf(':')
    if (at > 0) headers[line.slice(0, at).toLowerCase()] = line.slice(at + 1).trim()
  }
  const status = Number(statusLine.split(' ')[1] ?? 0)
  return { status, headers, body: rest.join('\r\n\r\n'), closedAfter, answeredAfter }
}
