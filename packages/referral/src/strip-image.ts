import * as E from 'fp-ts/lib/Either.js'

import { type ImageError, heicNotSupported, notAnImage } from './errors.js'
import { sniffFormat } from './image-format.js'
import { type ImageLimits, DEFAULT_IMAGE_LIMITS } from './image-limits.js'
import { type StrippedJpeg, stripJpeg } from './jpeg-strip.js'
import { type StrippedPng, stripPng } from './png-strip.js'

/** A stripped JPEG or PNG. @category model */
export type StrippedImage = StrippedJpeg | StrippedPng

/**
 * Strips metadata from a JPEG or PNG, chosen by signature. HEIC/HEIF is refused with
 * `HeicNotSupported`; anything else with `NotAnImage`.
 *
 * @category stripping
 */
export function stripImage(
  input: Uint8Array,
  limits: ImageLimits = DEFAULT_IMAGE_LIMITS,
): E.Either<ImageError, StrippedImage> {
  const f = sniffFormat(input)
  switch (f.kind) {
    case 'jpeg':
      return stripJpeg(input, limits)
    case 'png':
      return stripPng(input, limits)
    case 'heif':
      return E.left(heicNotSupported(f.brand))
    case 'dicom':
      return E.left(notAnImage('DICOM input is passed through, not stripped (use the referral packager)'))
    default:
      return E.left(notAnImage('not a JPEG, PNG or DICOM file'))
  }
}
