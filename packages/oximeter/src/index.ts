/**
 * `@openward/oximeter`: pulse-oximeter protocol decoders (Bluetooth SIG PLX and vendor
 * protocols), the device registry, and (subpath exports) transports, recording and replay.
 *
 * @packageDocumentation
 */
// Contract shared with transports, recording and replay.
export { isProtocolId, PROTOCOL_IDS, ProtocolId } from './protocol-id.js'
export type { Framer, FramerOutput } from './framer.js'
export { EMPTY_FRAMER_OUTPUT } from './framer.js'
export type { OximeterRecord } from './oximeter-record.js'
export type {
  Confidence,
  DeviceProfile,
  GattDelivery,
  GattProfile,
  GattSubscription,
  HostCommand,
  HostCommands,
  NormaliseContext,
  RepeatedCommand,
  SerialSettings,
} from './device-profile.js'
export { DEVICE_REGISTRY, deviceProfile, profilesForDeviceName } from './device-registry.js'
export type { ProtocolCodec } from './protocol-codecs.js'
export { PROTOCOL_CODECS } from './protocol-codecs.js'
export { CONTEC_V7_COMMAND_TYPE, ContecV7CommandCode, encodeContecV7Command } from './contec-v7-command.js'
export { encodeViatomO2Request, ViatomO2Command } from './viatom-o2-command.js'
export { encodeNoninSelectFormat, NoninDataFormat } from './nonin-serial-command.js'
export type { OximetryCsvOptions } from './import/oximetry-csv.js'
export { importOximetryCsv } from './import/oximetry-csv.js'
export type { ReplayOptions } from './replay/replay-samples.js'
export { replaySamples } from './replay/replay-samples.js'
