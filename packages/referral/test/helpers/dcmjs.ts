// dcmjs ships no type declarations; this module types the small part of its API the tests use (an
// independent DICOM reader and writer to check ours against).
// @ts-expect-error TS7016: dcmjs has no .d.ts
import untyped from 'dcmjs'

/** A dataset with keyword keys (dcmjs "naturalised" form). */
export type NaturalDataset = Record<string, unknown>
/** A dataset keyed by tag ("7FE00010") with VR and values (DICOM JSON form). */
export type DenaturalizedDataset = Record<string, { vr: string; Value?: unknown[] }>

export interface DicomDictInstance {
  meta: DenaturalizedDataset
  dict: DenaturalizedDataset
  write(options?: { fragmentMultiframe?: boolean; allowInvalidVRLength?: boolean }): ArrayBuffer
}

export interface DcmjsData {
  DicomDict: new (meta: DenaturalizedDataset) => DicomDictInstance
  DicomMessage: {
    readFile(
      buffer: ArrayBuffer,
      options?: { ignoreErrors?: boolean; untilTag?: string; includeUntilTagValue?: boolean },
    ): DicomDictInstance
  }
  DicomMetaDictionary: {
    naturalizeDataset(ds: DenaturalizedDataset): NaturalDataset
    denaturalizeDataset(ds: NaturalDataset): DenaturalizedDataset
  }
}

/** dcmjs's `data` namespace, typed. */
export const dcmjsData: DcmjsData = (untyped as { data: DcmjsData }).data
