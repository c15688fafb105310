// Where the CPU time of packaging one photo goes, step by step, beside the same-work floor's own
// steps (issue 19), in one process: each round runs the floor's steps, our pipeline's steps, a whole
// same-work floor and a whole packageReferral once; the table shows the median of each one's process
// CPU time over the rounds, and the main-thread garbage-collection pauses that fell inside it
// (perf_hooks 'gc' entries; V8's concurrent marking threads are in the CPU time only). A GC lands in
// whichever step crosses V8's allocation limit, so single steps look cheaper than they are inside
// a whole run; the whole runs carry their share. Our steps are the ones packageReferral runs,
// called directly. Run: npx tsx --conditions=@openward/source bench/cost-breakdown.ts [rounds]
import { createHash } from 'node:crypto'
import { loadavg } from 'node:os'
import { PerformanceObserver, performance } from 'node:perf_hooks'

import * as E from 'fp-ts/lib/Either.js'

import { encodeBundleJson } from '../src/bundle-json.js'
import { wrapJpegAsDicom } from '../src/dicom-wrap.js'
import { digestBytes, sha256Only } from '../src/digests.js'
import { buildReferralBundle } from '../src/fhir-bundle.js'
import { DEFAULT_IMAGE_LIMITS } from '../src/image-limits.js'
import { parseJpeg } from '../src/jpeg-segments.js'
import { stripJpeg } from '../src/jpeg-strip.js'
import { verifyStrippedJpeg } from '../src/jpeg-verify.js'
import { packageReferral } from '../src/package-referral.js'
import { validateBundle } from '../src/validate-bundle.js'
import { nodeHasher } from '../src/node/index.js'
import { photo, photoReferral } from './bench-photo.js'
import { sameWorkFloor } from './floor.js'

const gcPauses: { start: number; duration: number }[] = []
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) gcPauses.push({ start: e.startTime, duration: e.duration })
}).observe({ entryTypes: ['gc'] })
const windows: { name: string; start: number; end: number }[] = []

const cpuMs = async (name: string, f: () => unknown): Promise<number> => {
  const start = performance.now()
  const c0 = process.cpuUsage()
  await f()
  const c = process.cpuUsage(c0)
  windows.push({ name, start, end: performance.now() })
  return (c.user + c.system) / 1000
}
const must = <A>(r: E.Either<{ message: string }, A>): A => {
  if (E.isLeft(r)) throw new Error(r.left.message)
  return r.right
}

let sink = 0
let n = 0
const uuid = () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`
const meta = {
  patient: photoReferral.patient,
  studyInstanceUid: '2.25.1',
  seriesInstanceUid: '2.25.2',
  sopInstanceUid: '2.25.3',
  seriesNumber: 1,
  instanceNumber: 1,
  role: 'close-up',
  sopClass: 'vl-photographic',
  device: { manufacturer: 'Unknown', model: 'Unknown', serialNumber: 'UNKNOWN', softwareVersion: 'bench' },
  capturedAt: new Date(0),
  createdAt: new Date(0),
  recognizableFeatures: false,
} as const
const input = { ...photoReferral, options: { hasher: nodeHasher } }

type Step = readonly [name: string, group: 'floor' | 'ours' | 'part of a step' | 'whole', run: () => unknown]

function floorWhole(): void {
  sink += sameWorkFloor(photo)
}

// One round: the floor's steps, then ours in pipeline order (each uses the previous one's output).
async function round(): Promise<Map<string, number>> {
  const t = new Map<string, number>()
  const time = async ([name, , run]: Step) => t.set(name, await cpuMs(name, run))
  let a: Uint8Array = photo
  let b: Uint8Array = photo
  for (const s of [
    ['floor: copy 1', 'floor', () => (a = photo.slice())],
    ['floor: copy 2', 'floor', () => (b = photo.slice())],
    ['floor: SHA-256', 'floor', () => (sink += createHash('sha256').update(a).digest()[0] ?? 0)],
    ['floor: SHA-1', 'floor', () => (sink += createHash('sha1').update(a).digest()[0] ?? 0)],
    ['floor: base64', 'floor', () => (sink += Buffer.from(b.buffer, b.byteOffset, b.length).toString('base64').length)],
  ] as Step[])
    await time(s)
  let stripped = must(stripJpeg(photo, DEFAULT_IMAGE_LIMITS))
  let digests = await digestBytes(stripped.bytes, nodeHasher)
  let dicom: Uint8Array = new Uint8Array(0)
  let bundle = buildReferralBundle({ ...photoReferral, images: [], mode: 'media', now: new Date(0), uuid })
  let bundleBytes: Uint8Array = new Uint8Array(0)
  const image = () => ({
    title: 'images/01-close-up.jpg',
    contentType: 'image/jpeg',
    bytes: stripped.bytes,
    digests,
    role: 'close-up' as const,
    modality: 'XC',
    instanceUid: '2.25.3',
    capturedAt: new Date(0),
  })
  for (const s of [
    ['strip (parse, copy, ICC, verify)', 'ours', () => (stripped = must(stripJpeg(photo, DEFAULT_IMAGE_LIMITS)))],
    ['  of which: parse the input (scan 1)', 'part of a step', () => parseJpeg(photo)],
    ['  of which: verify the output (scan 2)', 'part of a step', () => must(verifyStrippedJpeg(stripped.bytes))],
    [
      'SHA-256 + SHA-1 of the clean image',
      'ours',
      async () => (digests = await digestBytes(stripped.bytes, nodeHasher)),
    ],
    ['DICOM file (header + a copy of the image)', 'ours', () => (dicom = must(wrapJpegAsDicom(stripped, meta)))],
    ['SHA-256 of the DICOM file (manifest)', 'ours', () => sha256Only(dicom, nodeHasher)],
    [
      'FHIR bundle (base64 of the image)',
      'ours',
      () =>
        (bundle = buildReferralBundle({
          patient: photoReferral.patient,
          referral: photoReferral.referral,
          images: [image()],
          mode: 'media',
          now: new Date(0),
          uuid,
        })),
    ],
    ['bundle validation', 'ours', () => must(validateBundle(bundle))],
    ['bundle.json bytes', 'ours', () => (bundleBytes = encodeBundleJson(bundle))],
    ['SHA-256 of bundle.json (manifest)', 'ours', () => sha256Only(bundleBytes, nodeHasher)],
    ['same-work floor, whole', 'whole', floorWhole],
    ['packageReferral (nodeHasher), whole', 'whole', async () => must(await packageReferral(input)())],
  ] as Step[])
    await time(s)
  return t
}

const rounds = Number(process.argv[2] ?? 30)
for (let i = 0; i < 5; i++) await round()
await new Promise((resolve) => setTimeout(resolve, 10))
windows.length = 0
const load = loadavg()
const all: Map<string, number>[] = []
for (let i = 0; i < rounds; i++) all.push(await round())
await new Promise((resolve) => setTimeout(resolve, 10)) // let the last gc entries arrive
const gcIn = new Map<string, number>()
for (const w of windows) {
  const ms = gcPauses.filter((g) => g.start >= w.start && g.start < w.end).reduce((x, g) => x + g.duration, 0)
  gcIn.set(w.name, (gcIn.get(w.name) ?? 0) + ms / rounds)
}
const median = (xs: readonly number[]) => {
  const s = [...xs].sort((x, y) => x - y)
  const m = s.length >> 1
  return s.length % 2 === 1 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2
}
const names = [...(all[0] as Map<string, number>).keys()]
const med = new Map(names.map((k) => [k, median(all.map((r) => r.get(k) as number))]))
const sum = (prefix: (k: string) => boolean) => names.filter(prefix).reduce((s, k) => s + (med.get(k) as number), 0)
const floor = sum((k) => k.startsWith('floor'))
const ours = sum((k) => !k.startsWith('floor') && !k.startsWith(' ') && !k.endsWith('whole'))
const whole = med.get('packageReferral (nodeHasher), whole') as number
const fmt = (v: number, k?: string) =>
  `| ${v.toFixed(2).padStart(6)} ms | ${(v / floor).toFixed(2).padStart(5)}× | ${k === undefined ? '' : `${(gcIn.get(k) ?? 0).toFixed(2)} ms`} |`
console.log(
  `12.3 MP JPEG (${photo.length} bytes), ${rounds} rounds, medians of process CPU time per step; load average ${load
    .map((l) => l.toFixed(1))
    .join(' ')} before, ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')} after`,
)
console.log('| step | CPU, median | / floor steps | GC pauses in it, mean |\n| --- | --- | --- | --- |')
for (const k of names) console.log(`| ${k} ${fmt(med.get(k) as number, k)}`)
console.log(`| same-work floor, sum of its steps ${fmt(floor)}`)
console.log(`| our steps, sum ${fmt(ours)}`)
console.log(`| the rest (packageReferral minus our steps) ${fmt(whole - ours)}`)
console.log(`(sink ${sink % 7})`)
