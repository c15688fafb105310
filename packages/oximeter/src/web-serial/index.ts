/// <reference types="w3c-web-serial" />
// (the declarations name Web Serial types; @types/w3c-web-serial is a dependency of this package)
/**
 * `@openward/oximeter/web-serial`: serial oximeters (USB-serial, Bluetooth SPP) in the browser
 * through Web Serial.
 *
 * @packageDocumentation
 */
export type {
  OpenSerialPortOximeterError,
  RequestSerialOximeterError,
  WebSerialOptions,
} from './request-serial-oximeter.js'
export {
  openSerialPortOximeter,
  openSerialPortOximeterOrThrow,
  requestSerialOximeter,
  requestSerialOximeterOrThrow,
} from './request-serial-oximeter.js'
export type { ConnectionState, ReconnectOptions } from '../transport/connection-state.js'
export type { OximeterConnection } from '../transport/oximeter-connection.js'
export type { TransportError, TransportFailure, UserCancelled } from '../transport/transport-errors.js'
export { record } from '../recording/record.js'
