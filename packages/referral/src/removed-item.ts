/**
 * One piece of metadata removed from an image: its kind, where it was and how big, never its
 * value (the log must not itself carry the personal data it removed).
 *
 * @category model
 */
export interface RemovedItem {
  readonly kind:
    | 'exif'
    | 'xmp'
    | 'xmp-extended'
    | 'iptc'
    | 'mpf'
    | 'comment'
    | 'thumbnail'
    | 'vendor'
    | 'reserved'
    | 'trailer'
    | 'text'
    | 'time'
    /** Text, device and private fields of a kept ICC profile (the profile is rebuilt without them). */
    | 'icc-text'
    /** A whole ICC profile that could not be rebuilt from colour values alone. */
    | 'icc'
    /** Bytes inside a kept segment or chunk that no decoder reads (where free text could hide). */
    | 'hidden'
  /** Segment or chunk name, e.g. "APP1", "COM", "tEXt", "after EOI". */
  readonly segment: string
  readonly offset: number
  readonly bytes: number
}

/** A readable name for a JPEG marker code. @internal */
export function segmentName(marker: number): string {
  if (marker >= 0xe0 && marker <= 0xef) return `APP${marker - 0xe0}`
  if (marker === 0xfe) return 'COM'
  return `0xFF${marker.toString(16).toUpperCase()}`
}
