/** The full 128-bit form of a 16-bit Bluetooth SIG UUID, lower case (Bluetooth Core, Vol 3 Part B 2.5.1). */
export function sigUuid(short: number): string {
  return `0000${short.toString(16).padStart(4, '0')}-0000-1000-8000-00805f9b34fb`
}
