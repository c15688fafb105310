/**
 * `@openward/ward-stream/node`: the services (detector workers, FHIR writer), ward setup and status,
 * and the nats-server harness used by tests, `openward ward simulate` and the benchmark.
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
export { spo2DetectorFactory, wardEventOf } from './spo2-detector.js'
export type { StartWorkerOptions, WardWorker } from './ward-worker.js'
export { assignPartitions, startWorker } from './ward-worker.js'
