import { keyHash } from './partition.js'

/**
 * A patient's phase among `slots` equal parts of a period: ⌊keyHash(patientKey) / 2³² · slots⌋, in
 * `[0, slots)`. Work every patient has at the same instant (checkpoints due, a minute's summary once
 * the minute is over) is spread over the period by this phase instead of all falling on one instant:
 * at 50,000 patients the first checkpoint meeting the first minute boundary queued 37 s of backlog.
 *
 * Deterministic in every runtime (a function of the key only), so a worker that takes a partition over
 * keeps the same phases. It takes the hash's high bits: `partitionOf` takes its low bits (`mod P`),
 * and with the low bits every patient of one partition would share `phase mod gcd(P, slots)`.
 */
export function phaseOf(patientKey: string, slots: number): number {
  if (!(slots >= 1)) return 0
  return Math.floor((keyHash(patientKey) / 2 ** 32) * Math.floor(slots))
}
