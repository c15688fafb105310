/**
 * `@openward/ward-stream/node`: the services (detector workers, FHIR writer), ward setup and status,
 * the local simulation, and the nats-server harness used by tests, `openward ward simulate` and the
 * benchmark.
 *
 * @packageDocumentation
 */
export type { EnsureWardOptions, WardConfig } from './ensure-ward.js'
export { ensureWard, readWardConfig } from './ensure-ward.js'
export type { StartWriterOptions, WardWriter } from './fhir-writer.js'
export { startWriter } from './fhir-writer.js'
export type { NatsClusterHandle, NatsServerHandle, StartNatsServerOptions } from './nats-server.js'
export { freePort, startNatsCluster, startNatsServer } from './nats-server.js'
export { CHECKPOINT_VERSION } from './partition-runner.js'
export type {
  AlertFingerprint,
  Recording,
  RunSimulationOptions,
  ServiceSpawner,
  SimPatient,
  SimulationControl,
  SimulationResult,
} from './simulation.js'
export {
  compareAlerts,
  DEFAULT_RECORDINGS,
  expectedAlerts,
  loadRecordings,
  runSimulation,
  simulatedPatients,
  storedAlerts,
} from './simulation.js'
export { spo2DetectorFactory, wardEventOf } from './spo2-detector.js'
export type { NatsAuth } from './nats-auth.js'
export { natsAuthOptions, readNatsAuthFile } from './nats-auth.js'
export type { ServiceConnection } from './ward-services.js'
export {
  ensureWardAt,
  patientThresholdsAt,
  runWorkerService,
  runWriterService,
  terminationSignal,
  wardStatusAt,
} from './ward-services.js'
export type { PartitionStatus, WardStatus } from './ward-status.js'
export { partitionPending, wardStatus } from './ward-status.js'
export type { StartWorkerOptions, WardWorker } from './ward-worker.js'
export { assignPartitions, startWorker } from './ward-worker.js'
