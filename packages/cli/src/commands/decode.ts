import { parseArgs } from 'node:util'

import { taggedError, type TaggedError } from '@openward/core'
import {
  DEVICE_REGISTRY,
  type DeviceProfile,
  isProtocolId,
  type OximeterRecord,
  PROTOCOL_IDS,
} from '@openward/oximeter'
import * as E from 'fp-ts/lib/Either.js'

import { type Command, type CommandIo, ExitCode } from '../command.js'
import { readInputBytes } from '../input/read-input.js'
import { UsageError } from '../usage-error.js'

const help = `Usage: openward decode --protocol <id> (--hex "<bytes>" | --file <path | ->) [--strict]

Decodes pulse-oximeter bytes and prints one JSON line per decoded record: the record's named fields
plus "spo2" and "pulseRate" (null when the device said "no value"). Rejected input prints
{"error":{"_tag":...,"message":...,"offset":...}} lines; bytes left over at the end (an incomplete
frame) are reported as a Truncated error.

Protocols: ${PROTOCOL_IDS.join(', ')}

Options:
  --protocol <id>  the wire protocol (required)
  --hex "<bytes>"  hex bytes; spaces, colons and 0x prefixes are ignored. For one-value-per-message
                   protocols (plx-*, nonin-ble, jumper) separate values with "," or ";"
  --file <path>    a binary capture (- reads standard input); for message protocols, one value
  --strict         exit 1 when anything was rejected

Examples:
  openward decode --protocol plx-continuous --hex "00 6200 4800"
  openward decode --protocol contec-v7 --file capture.bin

Exit codes: 0 ok, 1 input rejected (with --strict), 2 usage, 3 the file cannot be read.
`

function parseHexValues(text: string, message: boolean): Uint8Array[] {
  const parts = message ? text.split(/[,;\n]/) : [text]
  const values: Uint8Array[] = []
  for (const part of parts) {
    const clean = part.replace(/0x/gi, '').replace(/[\s:]/g, '')
    if (clean === '' && message) continue
    if (!/^[0-9a-f]*$/i.test(clean) || clean.length % 2 !== 0)
      throw new UsageError(`--hex: not an even number of hex digits: '${part.trim()}'`)
    values.push(Uint8Array.from(clean.match(/../g) ?? [], (h) => parseInt(h, 16)))
  }
  return values
}

function errorLine(e: TaggedError): string {
  return JSON.stringify({ error: e })
}

/** The record's fields, then the normalised spo2/pulseRate; raw fields of those names move to `raw`. */
function recordLine(profile: DeviceProfile, record: OximeterRecord): string {
  const [sample] = profile.toSamples(record, { timeMs: 0 })
  const fields: Record<string, unknown> = { ...record }
  const raw: Record<string, unknown> = {}
  for (const key of ['spo2', 'pulseRate'] as const) {
    if (key in fields) raw[key] = fields[key]
    fields[key] = sample?.[key] ?? null
  }
  return JSON.stringify(Object.keys(raw).length > 0 ? { ...fields, raw } : fields)
}

function decodeAll(profile: DeviceProfile, chunks: readonly Uint8Array[], io: CommandIo): number {
  const framer = profile.createFramer()
  let rejected = 0
  let total = 0
  for (const chunk of chunks) {
    total += chunk.length
    const out = framer.push(chunk)
    for (const r of out.records) io.stdout.write(`${recordLine(profile, r)}\n`)
    for (const e of out.errors) io.stdout.write(`${errorLine(e)}\n`)
    rejected += out.errors.length
  }
  if (framer.pendingBytes > 0) {
    const offset = total - framer.pendingBytes
    const e = taggedError('Truncated', `${framer.pendingBytes} byte(s) at the end do not make a whole frame`, {
      offset,
      expected: null,
      actual: framer.pendingBytes,
    })
    io.stdout.write(`${errorLine(e)}\n`)
    rejected++
  }
  return rejected
}

async function run(argv: readonly string[], io: CommandIo): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      protocol: { type: 'string' },
      hex: { type: 'string' },
      file: { type: 'string' },
      strict: { type: 'boolean', default: false },
    },
  })
  const protocol = values.protocol
  if (protocol === undefined) throw new UsageError('--protocol is required')
  if (!isProtocolId(protocol))
    throw new UsageError(`unknown protocol '${protocol}' (one of ${PROTOCOL_IDS.join(', ')})`)
  if ((values.hex === undefined) === (values.file === undefined))
    throw new UsageError('give exactly one of --hex or --file')
  const profile = DEVICE_REGISTRY[protocol]
  let chunks: Uint8Array[]
  if (values.hex !== undefined) chunks = parseHexValues(values.hex, profile.framing === 'message')
  else {
    const bytes = await readInputBytes(values.file ?? '-', io)
    if (E.isLeft(bytes)) {
      io.stderr.write(`openward decode: cannot read ${values.file}: ${bytes.left}\n`)
      return ExitCode.io
    }
    chunks = [bytes.right]
  }
  const rejected = decodeAll(profile, chunks, io)
  return values.strict && rejected > 0 ? ExitCode.invalid : ExitCode.ok
}

/** `openward decode`: pulse-oximeter bytes → JSON lines of records. */
export const decode: Command = {
  name: 'decode',
  summary: 'decode pulse-oximeter bytes (PLX, Contec, BerryMed, Viatom, Nonin, Jumper) to JSON lines',
  help,
  run,
}
