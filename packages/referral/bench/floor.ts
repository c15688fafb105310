// The same-work floor (issue 19, "fair baselines"): the least any packager must do with a photo's
// bytes — copy them twice (clean image + DICOM), SHA-256 and SHA-1 them, base64 them (FHIR Binary) —
// with node:crypto and Buffer. Every referral benchmark measures against this one definition.
import { createHash } from 'node:crypto'

/** Runs the same-work floor on `bytes`; returns a value derived from every step (feed it to a sink). */
export function sameWorkFloor(bytes: Uint8Array): number {
  const a = bytes.slice()
  const b = bytes.slice()
  return (
    (createHash('sha256').update(a).digest()[0] ?? 0) +
    (createHash('sha1').update(a).digest()[0] ?? 0) +
    Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64').length
  )
}
