/**
 * Nonin serial data-format numbers (Nonin 9560 Bluetooth Specification / 3150 OEM Specification;
 * spec note §3.6).
 *
 * @category nonin
 */
export const NoninDataFormat = { df2: 0x02, df7: 0x07, df8: 0x08, df13: 0x0d } as const

/**
 * The command that selects a serial data format: `02 70 02 02 <fmt> 03`. The device answers ACK
 * 0x06 or NAK 0x15; the setting is non-volatile.
 *
 * @category nonin
 */
export function encodeNoninSelectFormat(format: number): Uint8Array {
  return Uint8Array.of(0x02, 0x70, 0x02, 0x02, format & 0xff, 0x03)
}
