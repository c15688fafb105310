// Bytes allocated with spare room before and after them, so the step that later puts them inside a
// container (the stripped JPEG inside its DICOM Part 10 file) writes the container's header and
// trailer around them instead of copying a multi-megabyte image into a new buffer.
//
// The room is handed out once: `claimRoom` forgets the view, so a second wrap of the same bytes
// copies as before and can never overwrite a header an earlier wrap wrote. Nothing is ever
// written inside the view itself, so the image the view shows does not change.

/** The whole buffer around a view and the free bytes on either side of it. */
export interface ByteRoom {
  readonly whole: Uint8Array
  readonly before: number
  readonly after: number
}

const rooms = new WeakMap<Uint8Array, ByteRoom>()

/** A zeroed view of `length` bytes with `before` and `after` free bytes around it in one buffer. */
export function allocateWithRoom(length: number, before: number, after: number): Uint8Array {
  const whole = new Uint8Array(before + length + after)
  const view = whole.subarray(before, before + length)
  rooms.set(view, { whole, before, after })
  return view
}

/** The room around `view`, once: later calls (and views not made by `allocateWithRoom`) get undefined. */
export function claimRoom(view: Uint8Array): ByteRoom | undefined {
  const room = rooms.get(view)
  rooms.delete(view)
  return room
}
