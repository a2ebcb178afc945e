// Progress for long files: a line rewritten in place on a terminal, nothing elsewhere
// (logs and pipes get only the final summary).
export interface Progress {
  tick: (rows: number) => void
  done: () => void
}

export const silentProgress: Progress = { tick: () => undefined, done: () => undefined }

export function terminalProgress (label: string, stream: NodeJS.WriteStream = process.stderr, everyMs = 200): Progress {
  if (!stream.isTTY) return silentProgress
  let last = 0
  let shown = false
  return {
    tick (rows) {
      const now = Date.now()
      if (now - last < everyMs) return
      last = now
      shown = true
      stream.write(`\r${label}: ${rows.toLocaleString('en-US')} rows`)
    },
    done () {
      if (shown) stream.write('\r\x1b[K')
    },
  }
}
