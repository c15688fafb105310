// Node's Buffer when the host has one: looked up on globalThis, never imported, so the main entry
// stays browser-safe and bundlers leave it out. Where it exists it is much faster than the
// portable code for the few whole-image passes a package needs (base64, byte search, ASCII copy).

/** The part of Node's Buffer we use; a Buffer is a Uint8Array view over the same memory. */
export interface NativeBufferView extends Uint8Array {
  toString(encoding?: 'base64'): string
  /** memchr-based search, unlike TypedArray.prototype.indexOf's element loop. */
  indexOf(value: number, byteOffset?: number): number
  write(text: string, offset: number, length: number, encoding: 'latin1'): number
}

interface NativeBuffer {
  from(b: ArrayBufferLike, offset: number, length: number): NativeBufferView
}

const host = (globalThis as { Buffer?: NativeBuffer }).Buffer

/** A Buffer view over `b`'s memory (no copy), or undefined when the host has no Buffer. */
export const nativeView = (b: Uint8Array): NativeBufferView | undefined =>
  host === undefined ? undefined : host.from(b.buffer, b.byteOffset, b.length)
