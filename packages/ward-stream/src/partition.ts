/**
 * The partition of a patient: FNV-1a (32-bit) of the key's UTF-8 bytes, modulo the partition count.
 * Deterministic in every runtime (no seed), so a browser publisher, a gateway and a worker agree.
 * NATS 2.10 has the same idea server-side (`{{partition(n, 1)}}` subject transforms); we compute it
 * in the publisher because Debian's nats-server 2.9 has no stream subject transforms.
 */
export function partitionOf(patientKey: string, partitions: number): number {
  let h = 0x811c9dc5
  const bytes = new TextEncoder().encode(patientKey)
  for (const b of bytes) {
    h ^= b
    h = Math.imul(h, 0x01000193) >>> 0
  }
  return h % partitions
}
