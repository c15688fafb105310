import { type BodySite } from './body-site.js'

/** The capture role of a photo; decides SOP class, series and FHIR Media.view. @category model */
export type ImageRole = 'overview' | 'close-up' | 'dermoscopic' | 'retinal' | 'other'

/** Patient demographics used in DICOM and FHIR (Type 2 in DICOM: may be empty). @category model */
export interface PatientDetails {
  /** NHS number, 10 digits, already checked. */
  readonly nhsNumber: string
  readonly family?: string
  readonly given?: readonly string[]
  /** YYYY-MM-DD */
  readonly birthDate?: string
  readonly gender?: 'male' | 'female' | 'other' | 'unknown'
}

/** The capture device as configured in the app (never taken from EXIF). @category model */
export interface DeviceDetails {
  readonly manufacturer: string
  readonly model: string
  readonly serialNumber: string
  readonly softwareVersion: string
}

/** Dermatoscope settings for the Dermoscopic Image module (PS3.3 C.8.12.13). @category model */
export interface DermoscopySettings {
  readonly polarization?: 'POLARIZED' | 'NON_POLARIZED'
  readonly contact?: 'CONTACT' | 'NON_CONTACT'
  readonly immersionMedia?: 'ULTRASOUND_GEL' | 'ALCOHOL' | 'WATER' | 'MINERAL_OIL' | 'PLASTIC_CAP'
  readonly magnification?: number
  readonly colorTemperatureK?: number
}

/** Everything the DICOM wrapper needs besides the JPEG. @category model */
export interface DicomImageMeta {
  readonly patient: PatientDetails
  readonly studyInstanceUid: string
  readonly seriesInstanceUid: string
  readonly sopInstanceUid: string
  readonly seriesNumber: number
  readonly instanceNumber: number
  readonly role: ImageRole
  readonly sopClass: 'vl-photographic' | 'dermoscopic'
  readonly bodySite?: BodySite
  readonly device: DeviceDetails
  readonly capturedAt: Date
  readonly createdAt: Date
  readonly accessionNumber?: string
  readonly studyDescription?: string
  readonly referringPhysician?: string
  readonly recognizableFeatures: boolean
  readonly dermoscopy?: DermoscopySettings
}
