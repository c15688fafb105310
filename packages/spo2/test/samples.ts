import { makeSample, type OximetrySample, sampleFlags, type SampleFlag } from '@openward/core'

/** A 1-sample-per-second test sample at `t` seconds (ms on the `recording` clock). */
export function s(tSeconds: number, spo2: number | null, flags: SampleFlag[] = []): OximetrySample {
  return makeSample({
    timeMs: tSeconds * 1000,
    clock: 'recording',
    spo2,
    pulseRate: 70,
    flags: sampleFlags(Object.fromEntries(flags.map((f) => [f, true]))),
    provenance: { protocol: 'test' },
  })
}

/** A 1 Hz series starting at `t0` seconds. */
export function series(values: readonly (number | null)[], t0 = 0): OximetrySample[] {
  return values.map((v, i) => s(t0 + i, v))
}

/** `n` copies of `v`. */
export function rep(v: number | null, n: number): (number | null)[] {
  return Array.from({ length: n }, () => v)
}
