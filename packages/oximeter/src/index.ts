/**
 * `@openward/oximeter`: pulse-oximeter protocol decoders (Bluetooth SIG PLX and vendor
 * protocols), the device registry, and (subpath exports) transports, recording and replay.
 *
 * @packageDocumentation
 */
// Contract shared with transports, recording and replay.
export type { ProtocolIdInput } from './protocol-id.js'
export { isProtocolId, PROTOCOL_IDS, ProtocolId } from './protocol-id.js'
export type { Framer, FramerOutput } from './decode/framer.js'
export { EMPTY_FRAMER_OUTPUT } from './decode/framer.js'
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
} from './decode/device-profile.js'
export { NO_HOST_COMMANDS } from './decode/device-profile.js'
export { BUILT_IN_REGISTRY, DEVICE_REGISTRY, deviceProfile, profilesForDeviceName } from './device-registry.js'
export type { Normaliser, ProtocolDefinition, ProtocolFamily } from './decode/protocol-family.js'
export { protocolFamily } from './decode/protocol-family.js'
export type { AnyProtocolFamily, ProtocolOf, ProtocolRegistry, RecordOf } from './decode/protocol-registry.js'
export { createProtocolRegistry } from './decode/protocol-registry.js'
export { PROTOCOL_FAMILIES } from './protocols/families.js'
export type { ProtocolCodec } from './protocol-codecs.js'
export { PROTOCOL_CODECS } from './protocol-codecs.js'
export {
  CONTEC_V7_COMMAND_TYPE,
  ContecV7CommandCode,
  encodeContecV7Command,
} from './protocols/contec/contec-v7-command.js'
export { encodeViatomO2Request, ViatomO2Command } from './protocols/viatom/viatom-o2-command.js'
export { encodeNoninSelectFormat, NoninDataFormat } from './protocols/nonin/nonin-serial-command.js'
export type { OximetryCsvOptions } from './import/oximetry-csv.js'
export { importOximetryCsv } from './import/oximetry-csv.js'
export type { OximetryCsvColumnsOptions } from './import/oximetry-csv-columns.js'
export { importOximetryCsvColumns, importOximetryCsvColumnsFromChunks } from './import/oximetry-csv-columns.js'
export type { ReplayOptions } from './replay/replay-samples.js'
export { replaySamples } from './replay/replay-samples.js'
export type {
  MedicalFloat,
  MedicalFloatNoValue,
  MedicalFloatReason,
  MedicalFloatValue,
} from './protocols/plx/sfloat.js'
export {
  decodeFloat32,
  decodeSfloat,
  encodeFloat32,
  encodeSfloat,
  medicalFloat,
  medicalFloatValue,
  NO_VALUE,
  readSfloat,
  writeSfloat,
} from './protocols/plx/sfloat.js'
export type { SfloatRecord } from './protocols/plx/sfloat-stream.js'
export { createSfloatFramer, encodeSfloatRecord } from './protocols/plx/sfloat-stream.js'
export type { KnownOximeterRecord } from './oximeter-record.js'
export type { PlxDecodeOptions } from './protocols/plx/plx-decode-options.js'
export type { PlxDeviceAndSensorStatus, PlxMeasurementStatus, StatusName } from './protocols/plx/plx-status.js'
export {
  DEVICE_AND_SENSOR_STATUS_BITS,
  deviceAndSensorStatus,
  MEASUREMENT_STATUS_BITS,
  measurementStatus,
} from './protocols/plx/plx-status.js'
export type { PlxContinuous, PlxSpo2Pr } from './protocols/plx/plx-continuous.js'
export { decodePlxContinuous, encodePlxContinuous } from './protocols/plx/plx-continuous.js'
export type { PlxDateTime, PlxSpotCheck } from './protocols/plx/plx-spot-check.js'
export { decodePlxSpotCheck, encodePlxSpotCheck } from './protocols/plx/plx-spot-check.js'
export type { PlxFeatures } from './protocols/plx/plx-features.js'
export { decodePlxFeatures, encodePlxFeatures } from './protocols/plx/plx-features.js'
export type {
  RacpMessage,
  RacpNumberOfRecords,
  RacpOpCode,
  RacpOperator,
  RacpRequest,
  RacpResponse,
  RacpResponseCodeName,
} from './protocols/plx/plx-racp.js'
export { decodeRacp, encodeRacp, RACP_OP_CODES, RACP_OPERATORS, RACP_RESPONSE_CODES } from './protocols/plx/plx-racp.js'
export { plxContinuousToSamples, plxSpotCheckToSamples } from './protocols/plx/plx-normalise.js'
// Recording, replay and the shared chunk → sample path (transports use it too).
export type { ConnectionEventName, RawChunk } from './recording/raw-chunk.js'
export { SERIAL_CHANNEL } from './recording/raw-chunk.js'
export type { RecordingHeaderInit } from './recording/recording-header.js'
export { RECORDING_FORMAT, RECORDING_VERSION, RecordingHeader } from './recording/recording-header.js'
export type { CorruptRecording } from './recording/corrupt-recording.js'
export { corruptRecording } from './recording/corrupt-recording.js'
export type { IncompleteRecording } from './recording/recording-end.js'
export {
  checkRecordingEnd,
  encodeRecordingEnd,
  incompleteRecording,
  parseRecordingEnd,
  RECORDING_END_PREFIX,
} from './recording/recording-end.js'
export { encodeChunkLine, encodeRecordingHeader } from './recording/encode-recording.js'
export type { DeviceRecordingOptions, DeviceRecordingProtocol } from './recording/device-recording-from-samples.js'
export { deviceRecordingFromSamples } from './recording/device-recording-from-samples.js'
export type { Recording, RecordingReader, RecordingReadOutput } from './recording/recording-reader.js'
export { createRecordingReader, decodeRecording } from './recording/recording-reader.js'
export type { RecordHeaderOptions } from './recording/record.js'
export { record } from './recording/record.js'
export type { DamagedGzip, GunzipError, GunzipOptions, GzipTooLarge } from './recording/gzip.js'
export {
  damagedGzip,
  DEFAULT_MAX_INFLATED_BYTES,
  gunzip,
  gunzipOrThrow,
  gzip,
  gzipTooLarge,
  isGzip,
  recordingText,
  recordingTextOrThrow,
} from './recording/gzip.js'
export type { StreamDiagnostic } from './decode/stream-diagnostic.js'
export type { ChunkDecodeOutput, ChunkDecoderOptions, ProtocolRecord } from './decode/chunk-decoder.js'
export { createChunkDecoder } from './decode/chunk-decoder.js'
export { profileForProtocolText } from './decode/unknown-protocol.js'
export type { RecordingReplayOptions, ReplayEvent } from './replay/replay-recording.js'
export { replay, replayEvents } from './replay/replay-recording.js'
// Importers (files researchers already have).
export type { EdfHeader, EdfImport, EdfImportOptions, EdfSignal } from './import/edf.js'
export { decodeEdfHeader, importEdf } from './import/edf.js'
export type { ViatomCsvOptions } from './import/viatom-csv.js'
export { importViatomCsv } from './import/viatom-csv.js'
export type { ContecCsvOptions } from './import/contec-csv.js'
export { CONTEC_CSV_HEADER, importContecCsv } from './import/contec-csv.js'
export type { ContecSpo2FileImport, ContecSpo2FileOptions } from './import/contec-spo2-file.js'
export { CONTEC_SPO2_FILE_MAGIC, importContecSpo2File } from './import/contec-spo2-file.js'
export type { ImportOptions } from './import/import-options.js'
export type { ViatomO2FileHeader, ViatomO2FileImport, ViatomO2FileOptions } from './import/viatom-o2-file.js'
export { importViatomO2File } from './import/viatom-o2-file.js'
export { refuseImplausible } from './decode/plausible-samples.js'
export type { ContecLegacyFrame } from './protocols/contec/contec-legacy.js'
export {
  contecLegacyToSamples,
  createContecLegacyFramer,
  encodeContecLegacy,
} from './protocols/contec/contec-legacy.js'
export type { BerrymedFrame } from './protocols/berrymed/berrymed.js'
export { berrymedToSamples, createBerrymedFramer, encodeBerrymed } from './protocols/berrymed/berrymed.js'
export type {
  ContecV7Command,
  ContecV7Packet,
  ContecV7RealTime,
  ContecV7Record,
  ContecV7StorageData,
  ContecV7StoredReading,
} from './protocols/contec/contec-v7-records.js'
export { createContecV7Framer } from './protocols/contec/contec-v7-framer.js'
export { encodeContecV7 } from './protocols/contec/contec-v7-encode.js'
export { contecV7ToSamples } from './protocols/contec/contec-v7-normalise.js'
export type {
  ViatomO2Record,
  ViatomO2Request,
  ViatomO2Response,
  ViatomO2Sensors,
} from './protocols/viatom/viatom-o2.js'
export {
  createViatomO2Framer,
  decodeViatomO2Sensors,
  encodeViatomO2,
  encodeViatomO2Sensors,
  VIATOM_O2_MAX_PAYLOAD,
} from './protocols/viatom/viatom-o2.js'
export type {
  ViatomFs20fOther,
  ViatomFs20fParams,
  ViatomFs20fRecord,
  ViatomFs20fWave,
} from './protocols/viatom/viatom-fs20f.js'
export { createViatomFs20fFramer, encodeViatomFs20f } from './protocols/viatom/viatom-fs20f.js'
export type {
  ViatomPc60fwOther,
  ViatomPc60fwParams,
  ViatomPc60fwRecord,
  ViatomPc60fwWave,
} from './protocols/viatom/viatom-pc60fw.js'
export { createViatomPc60fwFramer, encodeViatomPc60fw } from './protocols/viatom/viatom-pc60fw.js'
export { viatomFs20fToSamples, viatomO2ToSamples, viatomPc60fwToSamples } from './protocols/viatom/viatom-normalise.js'
export type { NoninDf2Packet, NoninPerfusion } from './protocols/nonin/nonin-df2-df7.js'
export { createNoninDf2Framer, createNoninDf7Framer, encodeNoninDf2Packet } from './protocols/nonin/nonin-df2-df7.js'
export type { NoninDf8Frame } from './protocols/nonin/nonin-df8.js'
export { createNoninDf8Framer, encodeNoninDf8 } from './protocols/nonin/nonin-df8.js'
export type { NoninDf13Packet } from './protocols/nonin/nonin-df13.js'
export { createNoninDf13Framer, encodeNoninDf13 } from './protocols/nonin/nonin-df13.js'
export type { NoninBleMeasurement } from './protocols/nonin/nonin-ble.js'
export { decodeNoninBle, encodeNoninBle } from './protocols/nonin/nonin-ble.js'
export type { JumperParams, JumperRecord, JumperWave } from './protocols/jumper/jumper.js'
export { decodeJumper, encodeJumper } from './protocols/jumper/jumper.js'
export { jumperToSamples } from './protocols/jumper/jumper-normalise.js'
export {
  noninBleToSamples,
  noninDf2ToSamples,
  noninDf8ToSamples,
  noninDf13ToSamples,
} from './protocols/nonin/nonin-normalise.js'
export { encodeRecord } from './encode-record.js'
export type { OximetryBatch } from './batch-decode.js'
export { decodeBatch, packFlags } from './batch-decode.js'
export type { SamplesRecordingOptions } from './recording/samples-recording.js'
export { encodeSamplesRecording } from './recording/samples-recording.js'
// Transport types shared by /web-bluetooth, /web-serial and /node-serial.
export type { OximeterConnection } from './transport/oximeter-connection.js'
export type { ConnectionState, ReconnectOptions } from './transport/connection-state.js'
export { backoffDelayMs } from './transport/connection-state.js'
export type {
  ConnectionLost,
  ServiceNotFound,
  TransportError,
  TransportFailure,
  UserCancelled,
} from './transport/transport-errors.js'
export type { ContecHidCommand, ContecHidMeasurement, ContecHidWave } from './protocols/contec/contec-hid.js'
export { contecHidToSamples, decodeContecHidReport } from './protocols/contec/contec-hid.js'
// Stored-session download (src/download/): Contec V7 storage, Contec legacy recorded data, Viatom O2 files.
export type {
  ContecLegacyDownloadOptions,
  ContecV7DownloadOptions,
  ContecV7SegmentInfo,
  DeviceRefused,
  DownloadCorrupt,
  DownloadedSession,
  DownloadError,
  DownloadInterrupted,
  DownloadLink,
  DownloadLinkFailure,
  DownloadOptions,
  DownloadProgress,
  DownloadProtocol,
  SerialPortLike,
  ViatomO2DownloadOptions,
  WebSerialOpenOptions,
  WebSerialPortLike,
} from './download/index.js'
export {
  downloadContecLegacySession,
  downloadContecV7Sessions,
  downloadViatomO2Sessions,
  encodeDownloadRecording,
  LinkDropped,
  listContecV7Segments,
  listViatomO2Files,
  openSerialPortLink,
  openSerialPortLinkOrThrow,
  openWebSerialLink,
  openWebSerialLinkOrThrow,
  serialPortLink,
  webSerialLink,
} from './download/index.js'
