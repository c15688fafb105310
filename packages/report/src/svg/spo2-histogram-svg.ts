/**
 * A histogram of SpO2 values in 1 % bins (as the report's "time at each saturation" figure).
 * Bars carry `data-spo2` so tests can check the counts drawn. `null` values are not counted.
 */
export function renderSpo2HistogramSvg(values: readonly (number | null)[], width = 960, height = 160): string {
  const counts = new Map<number, number>()
  for (const v of values) {
    if (v === null || !Number.isFinite(v)) continue
    const bin = Math.round(v)
    counts.set(bin, (counts.get(bin) ?? 0) + 1)
  }
  const bins = [...counts.keys()]
  const lo = Math.min(85, ...bins)
  const hi = 100
  const max = Math.max(1, ...counts.values())
  const n = hi - lo + 1
  const barW = (width - 50) / n
  const plotH = height - 30
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="SpO2 histogram">`,
  ]
  for (let bin = lo; bin <= hi; bin++) {
    const count = counts.get(bin) ?? 0
    const h = (count / max) * plotH
    const x = 40 + (bin - lo) * barW
    parts.push(
      `<rect class="hist-bar${bin <= 92 ? ' low' : ''}" data-spo2="${bin}" data-count="${count}" x="${x.toFixed(1)}" y="${(10 + plotH - h).toFixed(1)}" width="${Math.max(1, barW - 1).toFixed(1)}" height="${h.toFixed(1)}"><title>${bin}%: ${count} samples</title></rect>`,
    )
    if ((bin - lo) % Math.max(1, Math.ceil(n / 16)) === 0) {
      parts.push(
        `<text class="axis" x="${(x + barW / 2).toFixed(1)}" y="${height - 4}" text-anchor="middle">${bin}</text>`,
      )
    }
  }
  parts.push('</svg>')
  return parts.join('\n')
}
