import { createHash } from 'node:crypto'

import { type Hasher } from '../digests.js'

/**
 * A {@link Hasher} over node:crypto: hashes in place on the calling thread, where Web Crypto
 * copies the input and hops to the thread pool. Same digests, less overhead for large photos.
 *
 * @category node
 */
export const nodeHasher: Hasher = {
  digest: (algorithm, bytes) => {
    const h = createHash(algorithm === 'SHA-256' ? 'sha256' : 'sha1')
      .update(bytes)
      .digest()
    return Promise.resolve(new Uint8Array(h.buffer, h.byteOffset, h.length))
  },
}
