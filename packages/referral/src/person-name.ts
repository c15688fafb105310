const PREFIXES = /* @__PURE__ */ new Set(['dr', 'prof', 'professor', 'mr', 'mrs', 'ms', 'miss', 'mx', 'sir', 'dame'])

/**
 * Turns a display name ("Dr A Smith") into a DICOM Person Name (PS3.5 6.2.1: family^given^middle^prefix^suffix):
 * the last word is the family name, a leading title goes to the prefix. A value that already
 * contains '^' is taken as DICOM PN.
 *
 * @example
 * dicomPersonName('Dr A Smith') // 'Smith^A^^Dr'
 * @category dicom
 */
export function dicomPersonName(display: string): string {
  if (display.includes('^')) return display
  const words = display
    .trim()
    .split(/\s+/)
    .filter((w) => w !== '')
  const prefix =
    words.length > 1 && PREFIXES.has((words[0] ?? '').replace(/\.$/, '').toLowerCase()) ? words.shift() : undefined
  const family = words.pop() ?? ''
  const given = words.join(' ')
  if (prefix !== undefined) return `${family}^${given}^^${prefix}`
  return given === '' ? family : `${family}^${given}`
}
