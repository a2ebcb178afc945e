// A download's progress: a one-line bar rewritten in place on a terminal, nothing elsewhere
// (logs and pipes get only the line per file that the command writes when it is done).
export interface TransferProgress {
  /** `total`: the whole file's bytes when the server said; `already`: bytes resumed from a part. */
  start: (total: number | null, already: number) => void
  advance: (bytes: number) => void
  done: () => void
}

export const silentTransfer: TransferProgress = {
  start: () => undefined,
  advance: () => undefined,
  done: () => undefined,
}

const BAR = 24

function megabytes (bytes: number): string {
  return (bytes / 1_000_000).toFixed(1)
}

export function terminalBar (
  label: string,
  stream: NodeJS.WriteStream = process.stderr,
  everyMs = 200,
): TransferProgress {
  if (!stream.isTTY) return silentTransfer
  let total: number | null = null
  let received = 0
  let last = 0
  let shown = false
  const draw = (): void => {
    shown = true
    if (total === null || total === 0) {
      stream.write(`\r${label} ${megabytes(received)} MB\x1b[K`)
      return
    }
    const share = Math.min(1, received / total)
    const filled = Math.round(share * BAR)
    stream.write(`\r${label} [${'#'.repeat(filled)}${'-'.repeat(BAR - filled)}] ${Math.floor(share * 100)}% ` +
      `${megabytes(received)} of ${megabytes(total)} MB\x1b[K`)
  }
  return {
    start (size, already) {
      total = size
      received = already
      draw()
    },
    advance (bytes) {
      received += bytes
      const now = Date.now()
      if (now - last < everyMs) return
      last = now
      draw()
    },
    done () {
      if (shown) stream.write('\r\x1b[K')
    },
  }
}
