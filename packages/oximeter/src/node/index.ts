/**
 * `@openward/oximeter/node-serial`: oximeters on a serial port under Node, through the
 * `serialport` package (an optional peer dependency), plus recording files.
 *
 * @packageDocumentation
 */
export type { NodeSerialOptions } from './node-serial.js'
export { openSerialOximeter } from './node-serial.js'
