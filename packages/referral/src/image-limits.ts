import { type ImageTooLarge, imageTooLarge } from './errors.js'

/**
 * Guards against hostile input: the largest file read and the most pixels a header may declare
 * (a "decompression bomb" declares far more pixels than its bytes could hold).
 *
 * @category model
 */
export interface ImageLimits {
  readonly maxInputBytes: number
  readonly maxPixels: number
}

/** 64 MiB per input file, 100 megapixels (above any phone or dermatoscope camera today). @category model */
export const DEFAULT_IMAGE_LIMITS: ImageLimits = { maxInputBytes: 64 * 1024 * 1024, maxPixels: 100_000_000 }

/** @internal */
export function checkInputSize(bytes: number, limits: ImageLimits): ImageTooLarge | undefined {
  return bytes > limits.maxInputBytes
    ? imageTooLarge(`input is ${bytes} bytes, over the limit of ${limits.maxInputBytes}`, {
        bytes,
        limit: limits.maxInputBytes,
      })
    : undefined
}
