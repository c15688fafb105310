import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/** The read-only shared test assets (see ../shared/data/images/PROVENANCE.md; not copied into the repo). */
export const imagesDir = fileURLToPath(new URL('../../../../../shared/data/images/', import.meta.url))

export const sharedJpegs = (): string[] =>
  readdirSync(`${imagesDir}jpeg`)
    .filter((f) => f.endsWith('.jpg'))
    .sort()

export const readShared = (rel: string): Uint8Array => new Uint8Array(readFileSync(`${imagesDir}${rel}`))
