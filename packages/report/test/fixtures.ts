import { makeSample, type OximetrySample } from '@openward/core'

/** One sample per second from `startMs`: `spo2(i)` and `pulseRate(i)` for second `i` (null: no reading). */
export function secondsOf(
  count: number,
  spo2: (i: number) => number | null,
  pulseRate: (i: number) => number | null,
  startMs = Date.UTC(2026, 2, 1, 22, 0, 0),
): OximetrySample[] {
  return Array.from({ length: count }, (_, i) =>
    makeSample({
      timeMs: startMs + i * 1000,
      clock: 'device',
      spo2: spo2(i),
      pulseRate: pulseRate(i),
      provenance: { protocol: 'test' },
    }),
  )
}
