// gunzip/recordingText in real headless Chromium, where DecompressionStream is the browser's own (not
// Node's zlib): a damaged or truncated `.owrec.gz` is a Left DamagedGzip there too, never a rejection,
// and the OrThrow twin rejects with an OpenwardError. The recording is a real capture's text
// (../shared/data/captures), gzipped in Node and handed to the page.
import { gzipSync } from 'node:zlib'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { type BrowserHarness, bundleEntry, launchHarness } from '../browser/chromium-harness.js'
import { hasCaptures, readCapture, readCaptureText } from '../shared-captures.js'

const PAGE = `<!doctype html><html><head><meta charset="utf-8"></head><body><script type="module">
import * as sdk from '/sdk.js'
const bytes = (b64) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))
window.harness = {
  async read(b64) {
    const input = bytes(b64)
    const text = await sdk.recordingText(input)()
    const unzipped = await sdk.gunzip(input)()
    const thrown = await sdk.recordingTextOrThrow(input).then(
      (t) => 'resolved ' + t.length,
      (e) => e.name + ':' + e.error?._tag,
    )
    return {
      text: text._tag === 'Left' ? { ...text.left } : { text: text.right },
      gunzip: unzipped._tag === 'Left' ? { ...unzipped.left } : { length: unzipped.right.length },
      thrown,
    }
  },
}
window.ready = true
</script></body></html>`

type Outcome = Record<string, unknown>
declare const harness: { read(b64: string): Promise<{ text: Outcome; gunzip: Outcome; thrown: string }> }

let h: BrowserHarness | undefined
beforeAll(async () => {
  if (hasCaptures) h = await launchHarness(PAGE, await bundleEntry('recording/gzip.ts'))
}, 60_000)
afterAll(async () => {
  await h?.close()
})

describe.skipIf(!hasCaptures)('recordingText and gunzip in real Chromium (the browser DecompressionStream)', () => {
  const read = (bytes: Uint8Array) =>
    h!.page.evaluate((b64) => harness.read(b64), Buffer.from(bytes).toString('base64'))
  // A real export's text stands in for a recording's: what is tested here is the gzip layer.
  const file = 'checkme-o2-max-csv/checkme-o2-max_airwaylab_20260220-short.csv'
  const body = readCapture(file)
  const zipped = new Uint8Array(gzipSync(body))

  it('whole gzip: the text and the bytes, and the twin resolves', async () => {
    const r = await read(zipped)
    expect(r.gunzip).toEqual({ length: body.length })
    expect(r.text).toEqual({ text: readCaptureText(file) })
    expect(r.thrown).toBe(`resolved ${readCaptureText(file).length}`)
  })

  it('truncated gzip: a Left DamagedGzip with what decompressed before the cut; the twin rejects with OpenwardError', async () => {
    const cut = zipped.subarray(0, zipped.length - 12)
    const r = await read(cut)
    for (const left of [r.text, r.gunzip]) {
      expect(left).toMatchObject({ _tag: 'DamagedGzip', compressedBytes: cut.length, cause: expect.any(String) })
      expect(left['inflatedBytes']).toBeLessThanOrEqual(body.length)
      expect(left['message']).toMatch(/^damaged gzip stream \(\d+ bytes\): /)
      expect(left['message']).not.toMatch(/\.;/) // the platform's full stop is not left before ours
    }
    expect(r.thrown).toBe('OpenwardError:DamagedGzip')
  })

  it('a gzip magic number over garbage: a Left DamagedGzip with nothing decompressed', async () => {
    const r = await read(Uint8Array.of(0x1f, 0x8b, 1, 2, 3, 4))
    expect(r.text).toMatchObject({ _tag: 'DamagedGzip', compressedBytes: 6, inflatedBytes: 0 })
    expect(r.thrown).toBe('OpenwardError:DamagedGzip')
  })
})
