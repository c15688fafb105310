import { type BodySite } from './body-site.js'
import { type ImageRole, type PatientDetails } from './dicom-image-meta.js'
import { type Digests } from './digests.js'
import { FHIR_SYSTEMS, type FhirResource, type TransactionBundle, type TransactionEntry } from './fhir-types.js'
import { base64Encode } from './internal/base64.js'
import { type ReferralDetails } from './referral-input.js'

/** One attachment as the bundle builder sees it. @category fhir */
export interface BundleImage {
  /** Path inside the package, used as Attachment.title. */
  readonly title: string
  readonly contentType: string
  readonly bytes: Uint8Array
  readonly digests: Digests
  readonly role: ImageRole
  readonly modality: string
  /** DICOM SOP Instance UID of the image, also its FHIR identifier (urn:oid). */
  readonly instanceUid: string
  readonly capturedAt: Date
  readonly bodySite?: BodySite
  readonly width?: number
  readonly height?: number
  /** Set when the bytes are a re-encoded derived copy (size policy). */
  readonly derivedNote?: string
}

/** Inputs of {@link buildReferralBundle}. @category fhir */
export interface BundleInput {
  readonly patient: PatientDetails
  readonly referral: ReferralDetails
  readonly images: readonly BundleImage[]
  readonly mode: 'media' | 'document-reference'
  readonly now: Date
  readonly uuid: () => string
}

const urn = (uuid: string): string => `urn:uuid:${uuid}`
const ref = (fullUrl: string) => ({ reference: fullUrl })

function patientEntry(p: PatientDetails, fullUrl: string): TransactionEntry {
  const resource: Record<string, unknown> = {
    resourceType: 'Patient',
    identifier: [{ system: FHIR_SYSTEMS.nhsNumber, value: p.nhsNumber }],
  }
  if (p.family !== undefined || p.given !== undefined) {
    resource.name = [
      { ...(p.family === undefined ? {} : { family: p.family }), ...(p.given === undefined ? {} : { given: p.given }) },
    ]
  }
  if (p.birthDate !== undefined) resource.birthDate = p.birthDate
  if (p.gender !== undefined) resource.gender = p.gender
  // Conditional create (R4 3.1.0.8.1 / http.html#ccreate): reuse the server's Patient with this NHS number.
  return {
    fullUrl,
    resource: resource as FhirResource,
    request: { method: 'POST', url: 'Patient', ifNoneExist: `identifier=${FHIR_SYSTEMS.nhsNumber}|${p.nhsNumber}` },
  }
}

function serviceRequestEntry(
  input: BundleInput,
  fullUrl: string,
  patientUrl: string,
  supporting: readonly string[],
): TransactionEntry {
  const r = input.referral
  const requester: Record<string, unknown> = { display: r.requester.display }
  if (r.requester.odsCode !== undefined)
    requester.identifier = { system: FHIR_SYSTEMS.odsCode, value: r.requester.odsCode }
  const resource: Record<string, unknown> = {
    resourceType: 'ServiceRequest',
    status: 'active',
    intent: r.intent ?? 'order',
    category: [{ coding: [{ system: FHIR_SYSTEMS.snomed, code: '3457005', display: 'Patient referral' }] }],
    priority: r.priority,
    subject: ref(patientUrl),
    authoredOn: input.now.toISOString(),
    requester,
    performerType: { text: r.specialty },
    reasonCode: [{ text: r.reason }],
    supportingInfo: supporting.map(ref),
    note: [{ text: `Consent to capture and send images recorded: ${r.consentRecorded ? 'yes' : 'no'}` }],
  }
  if (r.ubrn === undefined)
    return { fullUrl, resource: resource as FhirResource, request: { method: 'POST', url: 'ServiceRequest' } }
  resource.identifier = [{ system: FHIR_SYSTEMS.ubrn, value: r.ubrn }]
  return {
    fullUrl,
    resource: resource as FhirResource,
    request: { method: 'POST', url: 'ServiceRequest', ifNoneExist: `identifier=${FHIR_SYSTEMS.ubrn}|${r.ubrn}` },
  }
}

// R4 Attachment: size = bytes before base64, hash = base64 SHA-1 of those bytes; url -> the Binary.
function attachment(img: BundleImage, binaryUrl: string): Record<string, unknown> {
  return {
    contentType: img.contentType,
    url: binaryUrl,
    size: img.digests.size,
    hash: img.digests.sha1Base64,
    title: img.title,
    creation: img.capturedAt.toISOString(),
  }
}

function bodySiteConcept(site: BodySite): Record<string, unknown> {
  const side = site.laterality === undefined || site.laterality === 'unpaired' ? '' : `${site.laterality} `
  return {
    coding: [{ system: FHIR_SYSTEMS.snomed, code: site.code, display: site.display }],
    text: `${side}${site.display}`,
  }
}

function imageResource(
  input: BundleInput,
  img: BundleImage,
  urls: { patient: string; request: string; binary: string },
): FhirResource {
  const identifier = [{ system: FHIR_SYSTEMS.uri, value: `urn:oid:${img.instanceUid}` }]
  const note = img.derivedNote === undefined ? [] : [{ text: img.derivedNote }]
  if (input.mode === 'document-reference') {
    const site = img.bodySite === undefined ? '' : `, ${bodySiteConcept(img.bodySite).text as string}`
    return {
      resourceType: 'DocumentReference',
      status: 'current',
      identifier,
      type: { coding: [{ system: FHIR_SYSTEMS.dicom, code: img.modality }], text: `Clinical photograph (${img.role})` },
      subject: ref(urls.patient),
      date: input.now.toISOString(),
      description: `${img.role}${site}${img.derivedNote === undefined ? '' : ` (${img.derivedNote})`}`,
      content: [{ attachment: attachment(img, urls.binary) }],
      context: { related: [ref(urls.request)] },
    }
  }
  const media: Record<string, unknown> = {
    resourceType: 'Media',
    identifier,
    basedOn: [ref(urls.request)],
    status: 'completed',
    type: { coding: [{ system: FHIR_SYSTEMS.mediaType, code: 'image', display: 'Image' }] },
    modality: { coding: [{ system: FHIR_SYSTEMS.dicom, code: img.modality }] },
    view: { text: img.role },
    subject: ref(urls.patient),
    createdDateTime: img.capturedAt.toISOString(),
    content: attachment(img, urls.binary),
  }
  if (img.bodySite !== undefined) media.bodySite = bodySiteConcept(img.bodySite)
  if (img.width !== undefined) media.width = img.width
  if (img.height !== undefined) media.height = img.height
  if (note.length > 0) media.note = note
  return media as FhirResource
}

/**
 * Builds the FHIR R4 transaction Bundle: Patient (conditional create on the NHS number),
 * ServiceRequest (the referral), and per image a Media or DocumentReference plus a Binary with
 * the bytes. Entries refer to each other by `urn:uuid` full URLs, which the server rewrites
 * (R4 Bundle, "transaction processing rules").
 *
 * @category fhir
 */
export function buildReferralBundle(input: BundleInput): TransactionBundle {
  const patientUrl = urn(input.uuid())
  const requestUrl = urn(input.uuid())
  const imageEntries: TransactionEntry[] = []
  const supporting: string[] = []
  for (const img of input.images) {
    const binaryUrl = urn(input.uuid())
    const imageUrl = urn(input.uuid())
    supporting.push(imageUrl)
    const resource = imageResource(input, img, { patient: patientUrl, request: requestUrl, binary: binaryUrl })
    const identifier = `${FHIR_SYSTEMS.uri}|urn:oid:${img.instanceUid}`
    imageEntries.push({
      fullUrl: imageUrl,
      resource,
      request: { method: 'POST', url: resource.resourceType, ifNoneExist: `identifier=${identifier}` },
    })
    const binary: FhirResource = {
      resourceType: 'Binary',
      contentType: img.contentType,
      securityContext: ref(requestUrl),
      data: base64Encode(img.bytes),
    }
    imageEntries.push({ fullUrl: binaryUrl, resource: binary, request: { method: 'POST', url: 'Binary' } })
  }
  return {
    resourceType: 'Bundle',
    type: 'transaction',
    timestamp: input.now.toISOString(),
    entry: [
      patientEntry(input.patient, patientUrl),
      serviceRequestEntry(input, requestUrl, patientUrl, supporting),
      ...imageEntries,
    ],
  }
}
