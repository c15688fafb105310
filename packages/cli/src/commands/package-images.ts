import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'

import {
  type BodySite,
  ERS_SIZE_POLICY,
  type ImageRole,
  type PackageOptions,
  packageReferral,
  parseBodySite,
  type ReferralImageInput,
  type ReferralInput,
  type SizePolicy,
} from '@openward/referral'
import { nodeHasher, sharpDownscaler, writePackageDirectory, writePackageZip } from '@openward/referral/node'
import * as E from 'fp-ts/lib/Either.js'

import { type Command, type CommandIo, ExitCode } from '../command.js'
import { outputIsInput } from '../output/atomic-output.js'
import { UsageError } from '../usage-error.js'

const ROLES: readonly ImageRole[] = ['overview', 'close-up', 'dermoscopic', 'retinal', 'other']

const help = `Usage: openward package-images --nhs-number N --reason TEXT --requester NAME
         [--body-site SITE]... [--role ROLE]... [options] -o OUT image... 

Packages referral images: strips metadata (GPS, serials, XMP, IPTC, thumbnails) without re-encoding,
wraps JPEGs as DICOM, passes an optometrist's own DICOM through unchanged, and writes a FHIR R4
transaction bundle, the clean images and a manifest with SHA-256 hashes. The output directory (or
zip) is written atomically: complete or absent.

Options:
  --nhs-number N        patient's NHS number (checked)
  --reason TEXT         reason for referral
  --requester NAME      referring clinician; --ods CODE for the practice
  --specialty TEXT      receiving specialty (default Dermatology)
  --priority P          routine | urgent | asap | stat (default routine)
  --ubrn N              e-RS Unique Booking Reference Number
  --consent             consent to capture and send the images is recorded
  --body-site SITE      e.g. "left forearm", "face", or a SNOMED CT code; once for all images or
                        once per image, in order
  --role ROLE           overview | close-up | dermoscopic | retinal | other; once or per image
  --fhir-mode M         media (R4 Media + Binary, default) | document-reference
  --no-dicom            do not wrap JPEGs as DICOM
  --vl-fallback         wrap dermoscopic images as VL Photographic (for archives without the DMS class)
  --max-file-bytes N    per-file limit (default 5242880, e-RS)
  --max-referral-bytes N  per-referral limit (default 52428800)
  --downscale           over the limit: make a flagged, re-encoded smaller copy (needs the optional
                        package sharp: npm install sharp; exit 6 when it is missing)
  --allow-patient-mismatch  send device DICOM whose PatientID differs from the NHS number (warns)
  --zip                 write OUT as one zip file instead of a directory
  -o, --out OUT         output directory (or zip path)

Example:
  openward package-images --nhs-number 9990000018 --reason "changing mole" --requester "Dr A Smith" \\
    --consent --body-site "left forearm" --role overview --role close-up --role dermoscopic \\
    a.jpg b.jpg c.jpg -o referral/

Exit codes: 0 ok, 1 an image or the referral was refused (typed reason on stderr), 2 usage (or the
output is one of the images), 3 a file could not be read or the output could not be written,
6 --downscale without sharp installed.
`

const options = {
  'nhs-number': { type: 'string' },
  reason: { type: 'string' },
  requester: { type: 'string' },
  ods: { type: 'string' },
  specialty: { type: 'string' },
  priority: { type: 'string' },
  ubrn: { type: 'string' },
  consent: { type: 'boolean' },
  'body-site': { type: 'string', multiple: true },
  role: { type: 'string', multiple: true },
  'fhir-mode': { type: 'string' },
  'no-dicom': { type: 'boolean' },
  'vl-fallback': { type: 'boolean' },
  'max-file-bytes': { type: 'string' },
  'max-referral-bytes': { type: 'string' },
  downscale: { type: 'boolean' },
  'allow-patient-mismatch': { type: 'boolean' },
  zip: { type: 'boolean' },
  out: { type: 'string', short: 'o' },
} as const

type Values = ReturnType<typeof parseArgs<{ options: typeof options; allowPositionals: true }>>['values']

/** Whether an optional package can be imported (a variable specifier, so bundlers leave it alone). */
async function canLoad(name: string): Promise<boolean> {
  try {
    await import(name)
    return true
  } catch {
    return false
  }
}

function required(v: string | undefined, name: string): string {
  if (v === undefined || v.trim() === '') throw new UsageError(`--${name} is required`)
  return v
}

// One value for all images, or one per image in order.
function perImage<T>(
  values: readonly string[] | undefined,
  count: number,
  name: string,
  parse: (s: string) => T,
): (T | undefined)[] {
  if (values === undefined || values.length === 0) return Array.from({ length: count }, () => undefined)
  if (values.length !== 1 && values.length !== count)
    throw new UsageError(`give --${name} once, or once per image (${count})`)
  const parsed = values.map(parse)
  return Array.from({ length: count }, (_, i) => parsed[values.length === 1 ? 0 : i])
}

const parseSite = (s: string): BodySite => {
  const site = parseBodySite(s)
  if (site === undefined) throw new UsageError(`unknown body site '${s}' (use e.g. "left forearm" or a SNOMED CT code)`)
  return site
}

const parseRole = (s: string): ImageRole => {
  if (!(ROLES as readonly string[]).includes(s)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`)
  return s as ImageRole
}

function bytesOption(v: string | undefined, fallback: number, name: string): number {
  if (v === undefined) return fallback
  const n = Number(v)
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`--${name} must be a positive integer`)
  return n
}

function packageOptions(v: Values): PackageOptions {
  const mode = v['fhir-mode'] ?? 'media'
  if (mode !== 'media' && mode !== 'document-reference')
    throw new UsageError('--fhir-mode must be media or document-reference')
  const sizePolicy: SizePolicy = {
    maxFileBytes: bytesOption(v['max-file-bytes'], ERS_SIZE_POLICY.maxFileBytes, 'max-file-bytes'),
    maxReferralBytes: bytesOption(v['max-referral-bytes'], ERS_SIZE_POLICY.maxReferralBytes, 'max-referral-bytes'),
    onOversize: v.downscale === true ? 'downscale' : 'error',
  }
  return {
    fhirMode: mode,
    dicom: v['no-dicom'] !== true,
    dermoscopicSopClass: v['vl-fallback'] === true ? 'vl-photographic' : 'dermoscopic',
    sizePolicy,
    ...(v.downscale === true ? { downscaler: sharpDownscaler() } : {}),
    devicePatientIdPolicy: v['allow-patient-mismatch'] === true ? 'warn' : 'reject',
    hasher: nodeHasher,
  }
}

function progressBar(io: CommandIo): ((done: number, total: number) => void) | undefined {
  if (io.stderr.isTTY !== true) return undefined
  return (done, total) => {
    const width = 24
    const filled = Math.round((width * done) / total)
    io.stderr.write(
      `\rpackaging [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}${done === total ? '\n' : ''}`,
    )
  }
}

interface ImageSpec {
  readonly file: string
  readonly role: ImageRole
  readonly site: BodySite | undefined
}

// Parsed before any file is read, so a usage mistake is reported as one (exit 2).
function imageSpecs(files: readonly string[], v: Values): ImageSpec[] {
  const sites = perImage(v['body-site'], files.length, 'body-site', parseSite)
  const roles = perImage(v.role, files.length, 'role', parseRole)
  return files.map((file, i) => ({ file, role: roles[i] ?? 'other', site: sites[i] }))
}

async function readImages(specs: readonly ImageSpec[], io: CommandIo): Promise<ReferralImageInput[]> {
  return Promise.all(
    specs.map(async (s) => {
      const bytes = new Uint8Array(await readFile(resolve(io.cwd, s.file)))
      return { fileName: s.file, bytes, role: s.role, ...(s.site === undefined ? {} : { bodySite: s.site }) }
    }),
  )
}

function buildInput(v: Values, images: ReferralImageInput[]): ReferralInput {
  const priority = v.priority ?? 'routine'
  if (!['routine', 'urgent', 'asap', 'stat'].includes(priority))
    throw new UsageError('--priority must be routine, urgent, asap or stat')
  return {
    patient: { nhsNumber: required(v['nhs-number'], 'nhs-number').replace(/\s/g, '') },
    referral: {
      reason: required(v.reason, 'reason'),
      specialty: v.specialty ?? 'Dermatology',
      priority: priority as ReferralInput['referral']['priority'],
      requester: { display: required(v.requester, 'requester'), ...(v.ods === undefined ? {} : { odsCode: v.ods }) },
      ...(v.ubrn === undefined ? {} : { ubrn: v.ubrn }),
      consentRecorded: v.consent === true,
    },
    images,
    options: packageOptions(v),
  }
}

async function run(argv: readonly string[], io: CommandIo): Promise<number> {
  const { values: v, positionals } = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true })
  const out = required(v.out, 'out')
  if (positionals.length === 0) throw new UsageError('give at least one image file')
  required(v['nhs-number'], 'nhs-number')
  const specs = imageSpecs(positionals, v)
  const clash = await outputIsInput(out, positionals, io)
  if (clash !== undefined) {
    io.stderr.write(`openward package-images: refusing to write ${out}: it is the input ${clash}\n`)
    return ExitCode.usage
  }
  // sharp is an optional package: say so before any work, not after packaging.
  if (v.downscale === true && !(await canLoad('sharp'))) {
    io.stderr.write('openward package-images: install sharp to use --downscale (npm install sharp)\n')
    return ExitCode.missingOptional
  }
  const images = await readImages(specs, io).catch((e: NodeJS.ErrnoException) => e)
  if (images instanceof Error) {
    io.stderr.write(
      `openward package-images: cannot read ${images.path ?? 'input'}: ${images.code ?? images.message}\n`,
    )
    return ExitCode.io
  }
  const pkg = await packageReferral(buildInput(v, images), progressBar(io))()
  if (E.isLeft(pkg)) {
    io.stderr.write(`openward package-images: ${pkg.left._tag}: ${pkg.left.message}\n`)
    return ExitCode.invalid
  }
  const target = resolve(io.cwd, out)
  const written =
    v.zip === true ? await writePackageZip(pkg.right, target)() : await writePackageDirectory(pkg.right, target)()
  if (E.isLeft(written)) {
    io.stderr.write(`openward package-images: ${written.left.message}\n`)
    return ExitCode.io
  }
  for (const w of pkg.right.manifest.warnings) io.stderr.write(`warning: ${w.message}\n`)
  io.stdout.write(`wrote ${written.right}\n`)
  for (const f of pkg.right.manifest.files)
    io.stdout.write(`  ${f.path}  ${f.size} bytes  sha256 ${f.sha256.slice(0, 16)}…\n`)
  return ExitCode.ok
}

/** `openward package-images`: strip, hash, wrap and package referral images. */
export const packageImages: Command = {
  name: 'package-images',
  summary: 'package referral photos: metadata stripped, DICOM, FHIR bundle, manifest',
  help,
  run,
}
