// Unpacks a downloaded archive into a folder of its own, entry by entry from the file (the
// OEWS industry archive is too large to hold in memory), never writing outside that folder.
import { createWriteStream } from 'node:fs'
import { mkdir, rename, rm } from 'node:fs/promises'
import path from 'node:path'
import type { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import yauzl from 'yauzl'

function openZip (file: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true, autoClose: false }, (error, zip) => {
      if (error !== null) reject(error)
      else resolve(zip)
    })
  })
}

function readEntries (zip: yauzl.ZipFile): Promise<yauzl.Entry[]> {
  return new Promise((resolve, reject) => {
    const entries: yauzl.Entry[] = []
    zip.on('entry', (entry: yauzl.Entry) => {
      entries.push(entry)
      zip.readEntry()
    })
    zip.once('end', () => resolve(entries))
    zip.once('error', reject)
    zip.readEntry()
  })
}

function openEntry (zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Readable> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (error, stream) => {
      if (error !== null) reject(error)
      else resolve(stream)
    })
  })
}

/**
 * Unpacks `archive` into `folder`, replacing what a previous run left there only once every
 * entry is out (so an unreadable archive leaves the old folder as it was). When every entry
 * sits under one top folder named like `folder` (O*NET's db_29_2_text/), that level is
 * dropped, so the files are not a folder deeper than the archive's name says. Returns the
 * files written, relative to `folder`.
 */
export async function unpackZip (archive: string, folder: string): Promise<string[]> {
  const staging = path.resolve(`${folder}.unpacking`)
  await rm(staging, { recursive: true, force: true })
  await mkdir(staging, { recursive: true })
  const zip = await openZip(archive)
  const written: string[] = []
  try {
    // yauzl has already refused absolute names and `..` segments (it validates every name).
    const entries = await readEntries(zip)
    const top = `${path.basename(folder)}/`
    const strip = entries.length > 0 && entries.every((entry) => entry.fileName.startsWith(top)) ? top.length : 0
    for (const entry of entries) {
      const name = entry.fileName.slice(strip)
      if (name === '' || name.endsWith('/')) continue
      const target = path.resolve(staging, name)
      if (!target.startsWith(staging + path.sep)) throw new Error(`${entry.fileName} would land outside ${folder}`)
      await mkdir(path.dirname(target), { recursive: true })
      await pipeline(await openEntry(zip, entry), createWriteStream(target))
      written.push(name)
    }
  } catch (error) {
    await rm(staging, { recursive: true, force: true })
    throw error
  } finally {
    zip.close()
  }
  await rm(folder, { recursive: true, force: true })
  await rename(staging, folder)
  return written
}
