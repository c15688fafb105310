/**
 * `@openward/referral/node`: Node-only parts: atomic directory and ZIP output, and the optional
 * sharp-backed downscaler.
 *
 * @packageDocumentation
 */
export { nodeHasher } from './node-hasher.js'
export { sharpDownscaler } from './sharp-downscaler.js'
export type { PackageWriteFailed } from './write-package.js'
export {
  writePackageDirectory,
  writePackageDirectoryOrThrow,
  writePackageZip,
  writePackageZipOrThrow,
} from './write-package.js'
