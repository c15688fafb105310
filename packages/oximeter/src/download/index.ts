/**
 * Stored-session download: the O2Ring's night files, the Contec V7 storage segments and the Contec
 * legacy recorded data, over any {@link DownloadLink}, verified and resumable.
 */
export type { ContecLegacyDownloadOptions } from './contec-legacy-download.js'
export { downloadContecLegacySession } from './contec-legacy-download.js'
export type { ContecV7DownloadOptions, ContecV7SegmentInfo } from './contec-v7-download.js'
export { downloadContecV7Sessions, listContecV7Segments } from './contec-v7-download.js'
export type {
  DeviceRefused,
  DownloadCorrupt,
  DownloadError,
  DownloadInterrupted,
  DownloadLinkFailure,
} from './download-errors.js'
export type { DownloadLink } from './download-link.js'
export { LinkDropped } from './download-link.js'
export type { DownloadOptions, DownloadProgress } from './download-progress.js'
export type { DownloadedSession, DownloadProtocol } from './downloaded-session.js'
export { encodeDownloadRecording } from './downloaded-session.js'
export type { SerialPortLike } from './serial-port-link.js'
export { openSerialPortLink, openSerialPortLinkOrThrow, serialPortLink } from './serial-port-link.js'
export type { WebSerialOpenOptions, WebSerialPortLike } from './web-serial-link.js'
export { openWebSerialLink, openWebSerialLinkOrThrow, webSerialLink } from './web-serial-link.js'
export type { ViatomO2DownloadOptions } from './viatom-o2-download.js'
export { downloadViatomO2Sessions, listViatomO2Files } from './viatom-o2-download.js'
