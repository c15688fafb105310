/**
 * A 32-bit hash of a key: FNV-1a over its UTF-8 bytes, then MurmurHash3's `fmix32` finaliser (FNV-1a
 * alone leaves keys that differ only in their last characters, such as `p00001`/`p00002`, badly
 * spread). Deterministic in every runtime (no seed).
 */
export function keyHash(key: string): number {
  let h = 0x811c9dc5
  for (const b of new TextEncoder().encode(key)) {
    h ^= b
    h = Math.imul(h, 0x01000193) >>> 0
  }
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b) >>> 0
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35) >>> 0
  h ^= h >>> 16
  return h >>> 0
}

/**
 * The partition of a patient: `keyHash(patientKey) mod partitions`. A browser publisher, a gateway
 * and a worker all compute the same. NATS 2.10 has the same idea server-side (`{{partition(n, 1)}}`
 * subject transforms); we compute it in the publisher because Debian's nats-server 2.9 has no stream
 * subject transforms, and a worker checks it (a message in the wrong partition is dead-lettered).
 */
export function partitionOf(patientKey: string, partitions: number): number {
  return keyHash(patientKey) % partitions
}
