/**
 * `@openward/oximeter/web-bluetooth`: pair an oximeter in the browser and stream its samples.
 *
 * @packageDocumentation
 */
export type { BluetoothOximeter, RequestOximeterOptions } from './request-oximeter.js'
export { requestOximeter } from './request-oximeter.js'
export { bluetoothRequestOptions } from './request-options.js'
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
