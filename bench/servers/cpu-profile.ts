// Preloaded into a server (`node --import dist/bench/servers/cpu-profile.js …`) when the bench
// runs with BENCH_CPU_PROF: SIGUSR2 starts V8's sampling profiler and the next SIGUSR2 stops
// it and writes the profile, in the format `--cpu-prof` writes, to CPU_PROF_DIR. Unlike
// `--cpu-prof`, which covers the whole process, a profile then covers one scenario, without
// the start and the warm-up. It lives here to be compiled with the reference servers.
import { renameSync, writeFileSync } from 'node:fs'
import { Session } from 'node:inspector/promises'
import path from 'node:path'

const dir = process.env.CPU_PROF_DIR ?? '.'
const session = new Session()
session.connect()
let running = false
let count = 0

async function toggle (): Promise<void> {
  if (!running) {
    running = true
    await session.post('Profiler.enable')
    // --cpu-prof's default interval (µs).
    await session.post('Profiler.setSamplingInterval', { interval: 1000 })
    await session.post('Profiler.start')
    return
  }
  running = false
  const { profile } = await session.post('Profiler.stop')
  const file = path.join(dir, `${process.pid}-${++count}.cpuprofile`)
  // Written whole under another name first: the bench waits for the final name to appear.
  writeFileSync(`${file}.part`, JSON.stringify(profile))
  renameSync(`${file}.part`, file)
}

process.on('SIGUSR2', () => {
  toggle().catch((error: unknown) => { process.stderr.write(`cpu profile: ${String(error)}\n`) })
})
