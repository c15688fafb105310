/**
 * Options shared by the PLX decoders. By default they follow the Bluetooth receive rules
 * (PLXS v1.0.1: reserved flag bits are ignored on receipt; fields a later version appends are
 * accepted and counted in `trailingBytes`). `strict` turns both into typed errors, for
 * conformance testing of a device.
 *
 * @category plx
 */
export interface PlxDecodeOptions {
  readonly strict?: boolean
}
