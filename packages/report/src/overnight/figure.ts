/**
 * A figure of the report: a number, or `null` with the reason it is missing. "No data" is never a
 * number: a night without valid SpO2 must not read as "ODI 0".
 */
export type Figure =
  { readonly value: number; readonly reason?: undefined } | { readonly value: null; readonly reason: string }

/** @category constructors */
export const known = (value: number): Figure => ({ value })

/** @category constructors */
export const noData = (reason: string): Figure => ({ value: null, reason })

/** `12.3 /h`, or `no data (reason)`; `digits` decimals. */
export function formatFigure(figure: Figure, digits = 1, unit = ''): string {
  if (figure.value === null) return `no data (${figure.reason})`
  return `${figure.value.toFixed(digits)}${unit === '' ? '' : ` ${unit}`}`
}

/** A table cell: the number, or `no data` (the reason goes in the cell's title and the notes). */
export function formatCell(figure: Figure, digits = 1): string {
  return figure.value === null ? 'no data' : figure.value.toFixed(digits)
}
