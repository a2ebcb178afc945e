// Reads a V8 CPU profile (.cpuprofile, as `node --cpu-prof` or bench/servers/cpu-profile.ts
// write it) and lists where the time went by self time: per function, and per area (the
// service's code, each package, Node's internals, garbage collection, idle).
// `npx tsx bench/cpu-top.ts <file.cpuprofile …> [how many functions, 25]`: several files
// (one scenario profiled in slices) are added together.
import { readFileSync } from 'node:fs'
import path from 'node:path'

interface ProfileNode {
  id: number
  callFrame: { functionName: string, url: string, lineNumber: number }
  hitCount?: number
}

export interface CpuProfile {
  nodes: ProfileNode[]
  startTime: number
  endTime: number
  samples?: number[]
}

export interface SelfTime {
  name: string
  selfMs: number
  share: number
}

export interface CpuSummary {
  totalMs: number
  functions: SelfTime[]
  areas: SelfTime[]
}

/** Where a frame's code lives: the service (dist/), a package, Node itself, or V8's own entries. */
function areaOf (url: string, functionName: string): string {
  if (url === '') return functionName.startsWith('(') ? functionName : '(native)'
  const packaged = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)
  if (packaged?.[1] !== undefined) return packaged[1]
  if (url.startsWith('node:')) return 'node internals'
  if (url.includes('/dist/bench/')) return 'bench hook'
  if (url.includes('/dist/')) return 'service (dist/)'
  return url
}

function locationOf (url: string, line: number): string {
  if (url === '') return ''
  const packaged = /node_modules\/(.+)$/.exec(url)
  const short = packaged?.[1] ?? (url.includes('/dist/') ? url.slice(url.indexOf('/dist/') + 1) : path.basename(url))
  return ` ${short.replace(/^file:\/\//, '')}:${line + 1}`
}

/** Self time by function and by area over one or more profiles (a scenario run in slices). */
export function summarize (profiles: CpuProfile | CpuProfile[], top = 25): CpuSummary {
  const byFunction = new Map<string, number>()
  const byArea = new Map<string, number>()
  let totalMs = 0
  for (const profile of Array.isArray(profiles) ? profiles : [profiles]) {
    const profileMs = (profile.endTime - profile.startTime) / 1000
    totalMs += profileMs
    // Hit counts from the samples when present (they are what DevTools counts), else the nodes'.
    const hits = new Map<number, number>()
    if (profile.samples !== undefined && profile.samples.length > 0) {
      for (const id of profile.samples) hits.set(id, (hits.get(id) ?? 0) + 1)
    } else {
      for (const node of profile.nodes) hits.set(node.id, node.hitCount ?? 0)
    }
    const allHits = [...hits.values()].reduce((sum, n) => sum + n, 0)
    const msPerHit = allHits === 0 ? 0 : profileMs / allHits
    for (const node of profile.nodes) {
      const ms = (hits.get(node.id) ?? 0) * msPerHit
      if (ms === 0) continue
      const { functionName, url, lineNumber } = node.callFrame
      const name = `${functionName === '' ? '(anonymous)' : functionName}${locationOf(url, lineNumber)}`
      byFunction.set(name, (byFunction.get(name) ?? 0) + ms)
      const area = areaOf(url, functionName)
      byArea.set(area, (byArea.get(area) ?? 0) + ms)
    }
  }
  const rank = (times: Map<string, number>, limit: number): SelfTime[] => [...times]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([name, ms]) => ({ name, selfMs: ms, share: totalMs === 0 ? 0 : ms / totalMs }))
  return { totalMs, functions: rank(byFunction, top), areas: rank(byArea, 10) }
}

export function readProfile (file: string): CpuProfile {
  return JSON.parse(readFileSync(file, 'utf8')) as CpuProfile
}

/** Markdown lines: the areas, then the top functions, by self time. */
export function describe (summary: CpuSummary): string[] {
  const row = (entry: SelfTime): string =>
    `| ${entry.name.replace(/\|/g, '\\|')} | ${entry.selfMs.toFixed(0)} | ${(entry.share * 100).toFixed(1)}% |`
  return [
    `Profiled ${(summary.totalMs / 1000).toFixed(1)} s. By area (self time):`,
    '',
    '| area | self ms | share |',
    '| --- | ---: | ---: |',
    ...summary.areas.map(row),
    '',
    'Top functions by self time:',
    '',
    '| function | self ms | share |',
    '| --- | ---: | ---: |',
    ...summary.functions.map(row),
  ]
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === import.meta.filename) {
  const files = process.argv.slice(2).filter((arg) => arg.endsWith('.cpuprofile'))
  const top = Number(process.argv.slice(2).find((arg) => /^\d+$/.test(arg)) ?? 25)
  if (files.length === 0) throw new Error('usage: tsx bench/cpu-top.ts <file.cpuprofile …> [top]')
  process.stdout.write(`${describe(summarize(files.map(readProfile), top)).join('\n')}\n`)
}
