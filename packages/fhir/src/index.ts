/**
 * `@openward/fhir`: a FHIR R4 client that loses nothing. Typed resources (io-ts), typed errors,
 * NHS signed-JWT and SMART backend auth, safe retries, idempotent writes, a durable outbox, and
 * builders from Openward samples and detector events to UK Core Observations.
 *
 * @packageDocumentation
 */
export type {
  AssertionAlgorithm,
  ClientAssertionConfig,
  ClientAssertionFailed,
  ClientAssertionInput,
  SigningKey,
} from './auth/client-assertion.js'
export {
  MAX_ASSERTION_LIFETIME_SECONDS,
  nhsClientAssertion,
  signClientAssertion,
  signClientAssertionOrThrow,
  smartBackendAssertion,
} from './auth/client-assertion.js'
export type { TokenManager, TokenManagerConfig, TokenManagerOptions } from './auth/token-manager.js'
export { createTokenManager, staticBearer } from './auth/token-manager.js'
export type {
  DetectorAlertContext,
  DetectorAlertEvent,
  DetectorAlertInput,
  DetectorAlertSeverity,
} from './builders/alert-observation.js'
export { ALERT_ID_SYSTEM, alertObservation, detectorAlertObservation } from './builders/alert-observation.js'
export type { MinuteSummaryOptions } from './builders/minute-summary.js'
export { minuteSummaries, minuteSummaryObservations } from './builders/minute-summary.js'
export type { ObservationContext, ProfileClaim, SubjectInput } from './builders/observation-context.js'
export {
  DEVICE_ID_SYSTEM,
  deviceKey,
  deviceReference,
  fhirDateTime,
  OBSERVATION_ID_SYSTEM,
  observationIdentifierValue,
  subjectReference,
} from './builders/observation-context.js'
export type {
  RefusedSample,
  SamplesToObservationsOptions,
  SamplesToObservationsResult,
  SkippedSample,
} from './builders/vital-sign-observation.js'
export {
  pulseRateObservation,
  samplesToObservations,
  spo2Observation,
  vitalSignObservation,
} from './builders/vital-sign-observation.js'
export type { VitalSign, VitalSignDefinition } from './builders/vital-sign-codes.js'
export {
  LOINC,
  NHS_NUMBER_SYSTEM,
  OBSERVATION_CATEGORY,
  OBSERVATION_INTERPRETATION,
  PULSE_RATE,
  SNOMED,
  SPO2,
  UCUM,
  VITAL_SIGNS,
  VITAL_SIGNS_CATEGORY,
} from './builders/vital-sign-codes.js'
export type { AuthProvider } from './client/auth-provider.js'
export { decodeBody } from './client/decode-response.js'
export type { CallOptions, FhirClient, ResourceCodec, Versioned, WritableResource } from './client/fhir-client.js'
export { createFhirClient, versionFromEtag } from './client/fhir-client.js'
export type {
  Aborted,
  AuthFailed,
  BadRequest,
  Conflict,
  FhirError,
  FhirErrorBase,
  FhirErrorDetail,
  FhirErrorTag,
  Gone,
  InvalidResponse,
  LimitReached,
  NotFound,
  RateLimited,
  OutboxStoreFailed,
  RedirectRefused,
  RequestSummary,
  Transient,
  Unauthorized,
  Unprocessable,
  UnsafeLink,
} from './client/fhir-error.js'
export { fhirError, tagForStatus } from './client/fhir-error.js'
export type {
  FhirRequest,
  FhirKitClient,
  FhirResponse,
  FhirTransport,
  TransportConfig,
  TransportOptions,
} from './client/fhir-transport.js'
export type { ResponseLimits } from './internal/bounded-json.js'
export { DEFAULT_RESPONSE_LIMITS } from './internal/bounded-json.js'
export { createTransport } from './client/fhir-transport.js'
export { checkTransportOptions } from './client/transport-options.js'
export type { FhirPromiseClient, Promised } from './client/promise-client.js'
export { promiseClient, runOrThrow } from './client/promise-client.js'
export type { PagingOptions } from './client/search-pages.js'
export {
  pinNextLink,
  searchPages,
  searchPages$,
  searchPagesOrThrow,
  searchResources,
  searchResourcesOrThrow,
} from './client/search-pages.js'
export type { PatientSelector, SearchQuery, TimeRange } from './client/search-query.js'
export {
  dateRange,
  escapeSearchValue,
  identifierSearchToken,
  patientByNhsNumber,
  queryString,
  vitalSignsQuery,
} from './client/search-query.js'
export type { RequestShape, RetryPolicy } from './client/retry-policy.js'
export {
  backoffDelay,
  DEFAULT_RETRY_POLICY,
  isIdempotentRequest,
  isRetryableError,
  parseRetryAfter,
  RETRYABLE_STATUSES,
} from './client/retry-policy.js'
export type { WriteCounts, WriteObservationsOptions } from './client/write-observations.js'
export {
  countTransactionResponse,
  idempotentTransaction,
  ifNoneExistQuery,
  sendIdempotentTransaction,
  writeObservations,
} from './client/write-observations.js'
export type {
  IdbCursorLike,
  IdbDatabaseLike,
  IdbFactoryLike,
  IdbObjectStoreLike,
  IdbOpenRequestLike,
  IdbRequestLike,
  IdbTransactionLike,
} from './internal/idb-types.js'
export type {
  IndexedDbOutboxStore,
  IndexedDbOutboxStoreOptions,
  OutboxDatabaseUnavailable,
} from './outbox/indexeddb-outbox-store.js'
export { openIndexedDbOutboxStore, openIndexedDbOutboxStoreOrThrow } from './outbox/indexeddb-outbox-store.js'
export type { DeadLetter, DeadLetterReason, OutboxEntry, OutboxStore } from './outbox/outbox-store.js'
export { memoryOutboxStore } from './outbox/outbox-store.js'
export type {
  EnqueueTask,
  FlushReport,
  Outbox,
  OutboxConfig,
  OutboxError,
  OutboxEvent,
  OutboxOptions,
} from './outbox/outbox-uploader.js'
export { createOutbox } from './outbox/outbox-uploader.js'
export { DetectedIssue, Flag } from './resources/alert-resources.js'
export {
  Bundle,
  BundleEntry,
  BundleEntryRequest,
  BundleEntryResponse,
  BundleLink,
  bundleLink,
  BundleType,
} from './resources/bundle.js'
export {
  Annotation,
  Attachment,
  CodeableConcept,
  Coding,
  Extension,
  Identifier,
  Meta,
  Period,
  Quantity,
  Reference,
} from './resources/datatypes.js'
export { Observation, ObservationComponent, ObservationStatus } from './resources/observation.js'
export { localOutcome, OperationOutcome, OperationOutcomeIssue } from './resources/operation-outcome.js'
export { HumanName, Patient } from './resources/patient.js'
export { Binary, DocumentReference, Media, ServiceRequest } from './resources/referral-resources.js'
export { AnyResource } from './resources/resource-codec.js'
export type { R4ResourceType } from './resources/resource-type.js'
export { isR4ResourceType, R4_RESOURCE_TYPES } from './resources/resource-type.js'
