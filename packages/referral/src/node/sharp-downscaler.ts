import { type Downscaler } from '../downscaler.js'

interface SharpLike {
  (input: Uint8Array): {
    rotate(): SharpPipeline
  }
}
interface SharpPipeline {
  resize(o: { width: number; height: number; fit: 'inside'; withoutEnlargement: boolean }): SharpPipeline
  jpeg(o: { quality: number; mozjpeg?: boolean }): SharpPipeline
  toBuffer(): Promise<Uint8Array>
}

/**
 * A {@link Downscaler} backed by sharp (libvips), the only path in this package that re-encodes.
 * sharp is an optional peer dependency, imported only when a copy is actually needed. The copy
 * is auto-rotated from EXIF orientation, fitted inside `longEdges` (tried in order) and encoded
 * at `quality`, stopping at the first result under the limit; sharp writes no metadata by default.
 *
 * @example
 * const options = { sizePolicy: { ...ERS_SIZE_POLICY, onOversize: 'downscale' }, downscaler: sharpDownscaler() }
 * @category node
 */
export function sharpDownscaler(settings: { longEdges?: readonly number[]; quality?: number } = {}): Downscaler {
  const longEdges = settings.longEdges ?? [4000, 3000, 2400, 1600]
  const quality = settings.quality ?? 88
  return {
    describe: `sharp resize (long edge ${longEdges.join('/')} px) + JPEG q${quality}`,
    downscale: async (jpeg, maxBytes) => {
      const mod = (await import('sharp')) as unknown as { default: SharpLike }
      for (const edge of longEdges) {
        const out = await mod
          .default(jpeg)
          .rotate()
          .resize({ width: edge, height: edge, fit: 'inside', withoutEnlargement: true })
          .jpeg({ quality, mozjpeg: true })
          .toBuffer()
        if (out.length <= maxBytes) return new Uint8Array(out.buffer, out.byteOffset, out.length)
      }
      throw new Error(`no copy under ${maxBytes} bytes at long edges ${longEdges.join(', ')}`)
    },
  }
}
