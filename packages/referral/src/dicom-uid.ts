/**
 * A new DICOM UID under the 2.25 root from a random UUID (PS3.5 B.2: "2.25." followed by the
 * UUID as one unsigned decimal integer), so no organisation root is needed.
 *
 * @category dicom
 */
export function uuidToDicomUid(uuid: string): string {
  return `2.25.${BigInt(`0x${uuid.replace(/-/g, '')}`).toString(10)}`
}

/** A random UUID from Web Crypto (browsers in secure contexts, Node 20+). @category dicom */
export const randomUuid = (): string => globalThis.crypto.randomUUID()
