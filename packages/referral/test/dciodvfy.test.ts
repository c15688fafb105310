import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterAll, describe, expect, it } from 'vitest'

import { dicomPersonName, stripJpeg, wrapJpegAsDicom } from '../src/index.js'
import { dicomMeta } from './helpers/fixtures.js'
import { right } from './helpers/right.js'
import { readShared } from './helpers/shared-data.js'

// dicom3tools' IOD validator (Debian package dicom3tools), when installed: an independent check.
// spawnSync blocks the worker's event loop (vitest's timeout cannot fire while it waits), so each
// run of the external tool has a deadline of its own and is SIGKILLed past it.
const TOOL = { encoding: 'utf8', timeout: 60_000, killSignal: 'SIGKILL' } as const
// Skipped only when the tool is not installed; a probe that timed out runs the tests, which then fail.
const hasDciodvfy = (spawnSync('dciodvfy', [], TOOL).error as NodeJS.ErrnoException | undefined)?.code !== 'ENOENT'
const work = mkdtempSync(join(tmpdir(), 'openward-dciodvfy-'))
afterAll(() => rmSync(work, { recursive: true, force: true }))

function validate(bytes: Uint8Array): string[] {
  const path = join(work, `f${Math.random().toString(36).slice(2)}.dcm`)
  writeFileSync(path, bytes)
  const r = spawnSync('dciodvfy', ['-new', path], TOOL)
  if (r.error !== undefined) throw r.error // a timeout, not an empty report that passes
  return `${r.stdout}${r.stderr}`.split('\n').filter((l) => l.startsWith('Error') || l.startsWith('Warning'))
}

describe('dciodvfy on our DICOM', () => {
  const stripped = right(stripJpeg(readShared('jpeg/exifr__IMG_20180725_163423-tiny.jpg')))
  const meta = dicomMeta({ referringPhysician: dicomPersonName('Dr Alice Smith') })

  it.runIf(hasDciodvfy)('VL Photographic: no errors and no warnings', () => {
    expect(validate(right(wrapJpegAsDicom(stripped, meta)))).toEqual([])
  })

  it.runIf(hasDciodvfy)('Dermoscopic: only the complaints of a validator whose tables predate DMS', () => {
    const issues = validate(
      right(
        wrapJpegAsDicom(stripped, {
          ...meta,
          sopClass: 'dermoscopic',
          dermoscopy: { polarization: 'POLARIZED', contact: 'NON_CONTACT' },
        }),
      ),
    )
    // dicom3tools 2022-06 does not know Modality DMS and still asks for Frame of Reference (spec note 1.1).
    expect(issues.filter((l) => !/Modality.*DMS|FrameOfReferenceUID|PositionReferenceIndicator/.test(l))).toEqual([])
  })

  it('person names become DICOM PN', () => {
    expect(dicomPersonName('Dr A Smith')).toBe('Smith^A^^Dr')
    expect(dicomPersonName('Alice Smith')).toBe('Smith^Alice')
    expect(dicomPersonName('Smith')).toBe('Smith')
    expect(dicomPersonName('Smith^Alice')).toBe('Smith^Alice')
  })
})
