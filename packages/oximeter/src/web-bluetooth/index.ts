/// <reference types="web-bluetooth" />
// (the declarations name Web Bluetooth types; @types/web-bluetooth is a dependency of this package)
/**
 * `@openward/oximeter/web-bluetooth`: pair an oximeter in the browser, stream its samples,
 * reconnect to it without the chooser, and download its stored nights.
 *
 * @packageDocumentation
 */
export type { BluetoothOximeter, RequestOximeterError, RequestOximeterOptions } from './request-oximeter.js'
export { requestOximeter, requestOximeterOrThrow } from './request-oximeter.js'
export type { NoPermittedDevice, ReconnectOximeterError, ReconnectOximeterOptions } from './reconnect-oximeter.js'
export { reconnectOximeter } from './reconnect-oximeter.js'
export { bluetoothRequestOptions, bluetoothRequestOptionsOrThrow } from './request-options.js'
export type { DownloadStoredSpotChecksError, DownloadStoredSpotChecksOptions } from './racp-download.js'
export type { GattQueue } from './gatt-queue.js'
export { gattQueue } from './gatt-queue.js'
export type { GattDownloadLinkInput } from './gatt-download-link.js'
export { openGattDownloadLink } from './gatt-download-link.js'
export { downloadViatomO2OverBluetooth } from './viatom-o2-bluetooth-download.js'
export type {
  DeviceRefused,
  DownloadCorrupt,
  DownloadError,
  DownloadInterrupted,
  DownloadLinkFailure,
} from '../download/download-errors.js'
export type { DownloadLink } from '../download/download-link.js'
export type { DownloadOptions, DownloadProgress } from '../download/download-progress.js'
export type { DownloadedSession, DownloadProtocol } from '../download/downloaded-session.js'
export { encodeDownloadRecording } from '../download/downloaded-session.js'
export type { ViatomO2DownloadOptions } from '../download/viatom-o2-download.js'
export { listViatomO2Files } from '../download/viatom-o2-download.js'
export type { ConnectionState, ReconnectOptions } from '../transport/connection-state.js'
export type { OximeterConnection } from '../transport/oximeter-connection.js'
export type {
  ConnectionLost,
  ServiceNotFound,
  TransportError,
  TransportFailure,
  UserCancelled,
} from '../transport/transport-errors.js'
export { record } from '../recording/record.js'
