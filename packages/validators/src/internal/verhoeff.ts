// Verhoeff check digit over the dihedral group D5, as SNOMED CT uses for SCTIDs
// (SNOMED CT Release File Specification, 6.4 "Check-digit"). Tables are the standard ones
// from Verhoeff (1969): d = group multiplication, p = position permutations.
const D: readonly (readonly number[])[] = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
  [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
  [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
  [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
  [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
  [6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
  [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
  [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
  [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
]
// p[i] is the i-th power of the base permutation p[1]; derived rather than typed, because a
// mistyped row still accepts many ids (the trap noted in specs/validators.md 1.3).
const P1: readonly number[] = [1, 5, 7, 6, 2, 8, 3, 0, 9, 4]
const P: readonly (readonly number[])[] = (() => {
  const rows: number[][] = [[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]]
  for (let i = 1; i < 8; i++) rows.push(rows[i - 1]!.map((x) => P1[x]!))
  return rows
})()
const INV: readonly number[] = [0, 4, 3, 2, 1, 5, 6, 7, 8, 9]

/** True when the digit string (check digit last) passes Verhoeff. Caller guarantees ASCII digits. */
export function verhoeffValid(digits: string): boolean {
  let c = 0
  for (let i = 0; i < digits.length; i++) {
    const digit = digits.charCodeAt(digits.length - 1 - i) - 48
    c = D[c]![P[i % 8]![digit]!]!
  }
  return c === 0
}

/** The Verhoeff check digit to append to `body` (ASCII digits). */
export function verhoeffCheckDigit(body: string): number {
  let c = 0
  for (let i = 0; i < body.length; i++) {
    const digit = body.charCodeAt(body.length - 1 - i) - 48
    c = D[c]![P[(i + 1) % 8]![digit]!]!
  }
  return INV[c]!
}
