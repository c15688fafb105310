import type { MinuteRing } from './minute-ring.js'

/**
 * The SVG path of a sparkline: one point per minute over the last `minutes` minutes ending at
 * `endMs`, SpO2 80–100 % top to bottom of `height` (values outside are clamped to the edge). A minute
 * with no value, or a missing minute, breaks the line: a gap never looks like a reading.
 */
export function sparklinePath(
  points: MinuteRing,
  endMs: number,
  options: { readonly minutes?: number; readonly width?: number; readonly height?: number } = {},
): string {
  const minutes = options.minutes ?? 60
  const width = options.width ?? 120
  const height = options.height ?? 28
  const startMs = endMs - minutes * 60_000
  const x = (t: number): number => ((t - startMs) / (minutes * 60_000)) * width
  const y = (v: number): number => ((100 - Math.min(100, Math.max(80, v))) / 20) * height
  let d = ''
  let prev: number | null = null
  points.forEach((minuteStartMs, meanSpo2) => {
    if (minuteStartMs < startMs || meanSpo2 === null) {
      prev = null
      return
    }
    const joined = prev !== null && minuteStartMs - prev === 60_000
    d += `${joined ? 'L' : 'M'}${x(minuteStartMs).toFixed(1)} ${y(meanSpo2).toFixed(1)}`
    if (!joined) d += `h1` // a lone minute still shows as a dot-sized dash
    prev = minuteStartMs
  })
  return d
}
