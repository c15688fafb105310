/**
 * True for a 10-digit NHS number whose last digit is the modulus-11 check digit of the first nine
 * (weights 10..2; a check value of 10 is never issued). NHS Data Model and Dictionary, "NHS NUMBER".
 */
export function isValidNhsNumber(value: string): boolean {
  if (!/^\d{10}$/.test(value)) return false
  let sum = 0
  for (let i = 0; i < 9; i++) sum += Number(value[i]) * (10 - i)
  const check = 11 - (sum % 11)
  if (check === 10) return false
  return (check === 11 ? 0 : check) === Number(value[9])
}
