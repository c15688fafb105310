/**
 * The NHS modulus-11 check digit over the first nine digits of a 10-digit string
 * (NHS Data Model and Dictionary, "NHS NUMBER"; the same algorithm serves CHI and H&C numbers):
 * weights 10..2, `11 - (sum mod 11)`, 11 becomes 0, and 10 means "never issued".
 * Returns the expected digit (0-9) or 10 when no check digit can make the number valid.
 * The caller guarantees `s` holds at least nine ASCII digits.
 */
export function modulus11CheckDigit(s: string): number {
  let sum = 0
  for (let i = 0; i < 9; i++) sum += (s.charCodeAt(i) - 48) * (10 - i)
  const check = 11 - (sum % 11)
  return check === 11 ? 0 : check
}
