// A browser page (TypeScript moduleResolution bundler, bundled by esbuild for the browser): the
// browser-safe entries only, with their Web Bluetooth / Web Serial types coming from our packages'
// own dependencies (no @types to discover).
import { makeSample } from '@openward/core'
import { createFhirClient } from '@openward/fhir'
import { decodeSfloat } from '@openward/oximeter'
import { requestOximeter } from '@openward/oximeter/web-bluetooth'
import { requestSerialOximeter } from '@openward/oximeter/web-serial'
import { renderOximetryReportHtml } from '@openward/report'
import { sustainedBelow } from '@openward/spo2'
import { validateNhsNumber } from '@openward/validators'

const device: BluetoothDevice | undefined = undefined
const port: SerialPort | undefined = undefined
export const used = [
  makeSample,
  createFhirClient,
  decodeSfloat,
  requestOximeter,
  requestSerialOximeter,
  renderOximetryReportHtml,
  sustainedBelow,
  validateNhsNumber,
  device,
  port,
]
