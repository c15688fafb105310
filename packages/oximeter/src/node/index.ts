/**
 * `@openward/oximeter/node-serial`: oximeters on a serial port under Node, through the
 * `serialport` package (an optional peer dependency), plus recording files.
 *
 * @packageDocumentation
 */
export type { NodeSerialOptions, OpenSerialOximeterError } from './node-serial.js'
export { openSerialOximeter, openSerialOximeterOrThrow } from './node-serial.js'
export type { TransportFailure } from '../transport/transport-errors.js'
