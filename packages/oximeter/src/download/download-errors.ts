import { type TaggedError, taggedError } from '@openward/core'

/**
 * The link dropped (or the device stopped answering) and every resume or restart attempt failed:
 * the download is over for good and nothing complete was produced. `receivedBytes` of
 * `expectedBytes` says how far it got (`expectedBytes` is `null` when the device never said).
 *
 * @category download
 */
export interface DownloadInterrupted extends TaggedError<'DownloadInterrupted'> {
  readonly session: string
  readonly attempts: number
  readonly receivedBytes: number
  readonly expectedBytes: number | null
}

/**
 * The data failed the protocol's integrity check (Viatom O2 CRC-8, Contec bit-7 framing, a count
 * that disagrees with the declared length) on every retry. `block` is the block or packet index.
 *
 * @category download
 */
export interface DownloadCorrupt extends TaggedError<'DownloadCorrupt'> {
  readonly session: string
  readonly block: number
  readonly reason: string
}

/** The device answered a request with an error status (e.g. Viatom O2 "file open failed"). @category download */
export interface DeviceRefused extends TaggedError<'DeviceRefused'> {
  readonly request: string
  readonly status: number
}

/** The link could not be opened or reopened at all (port missing, Bluetooth off). @category download */
export interface DownloadLinkFailure extends TaggedError<'DownloadLinkFailure'> {
  readonly operation: string
  readonly cause: string
}

/** Every way a download fails. @category download */
export type DownloadError = DownloadInterrupted | DownloadCorrupt | DeviceRefused | DownloadLinkFailure

/** @category download */
export const downloadInterrupted = (
  session: string,
  attempts: number,
  receivedBytes: number,
  expectedBytes: number | null,
  why: string,
): DownloadInterrupted =>
  taggedError(
    'DownloadInterrupted',
    `download of ${session} interrupted for good after ${attempts} attempt(s) (${receivedBytes}${expectedBytes === null ? '' : ` of ${expectedBytes}`} bytes): ${why}`,
    { session, attempts, receivedBytes, expectedBytes },
  )

/** @category download */
export const downloadCorrupt = (session: string, block: number, reason: string): DownloadCorrupt =>
  taggedError('DownloadCorrupt', `download of ${session}: block ${block} failed its integrity check (${reason})`, {
    session,
    block,
    reason,
  })

/** @category download */
export const deviceRefused = (request: string, status: number): DeviceRefused =>
  taggedError('DeviceRefused', `the device refused ${request} (status ${status})`, { request, status })

/** @category download */
export const downloadLinkFailure = (operation: string, cause: string): DownloadLinkFailure =>
  taggedError('DownloadLinkFailure', `${operation} failed: ${cause}`, { operation, cause })
