/**
 * Makes a smaller JPEG copy of an image that is over the per-file limit. This is the only place
 * where pixels are re-encoded, so callers must supply it explicitly (for example
 * `sharpDownscaler()` from `@openward/referral/node`), and every copy it makes is flagged as
 * derived in the manifest and the FHIR resources.
 *
 * @category model
 */
export interface Downscaler {
  /** A short description recorded with each derived copy, e.g. "sharp 0.35 resize 3000px q88". */
  readonly describe: string
  /** Returns JPEG bytes of at most `maxBytes`, or rejects. */
  readonly downscale: (jpeg: Uint8Array, maxBytes: number) => Promise<Uint8Array>
}
