// The small part of dcmjs (no bundled types) that this package uses.
declare module 'dcmjs' {
  type NaturalDataset = Record<string, unknown>
  type DenaturalizedDataset = Record<string, { vr: string; Value?: unknown[] }>
  class DicomDict {
    constructor(meta: DenaturalizedDataset)
    meta: DenaturalizedDataset
    dict: DenaturalizedDataset
    write(options?: { fragmentMultiframe?: boolean; allowInvalidVRLength?: boolean }): ArrayBuffer
  }
  export const data: {
    DicomDict: typeof DicomDict
    DicomMessage: {
      readFile(
        buffer: ArrayBuffer,
        options?: { ignoreErrors?: boolean; untilTag?: string; includeUntilTagValue?: boolean },
      ): DicomDict
    }
    DicomMetaDictionary: {
      naturalizeDataset(ds: DenaturalizedDataset): NaturalDataset
      denaturalizeDataset(ds: NaturalDataset): DenaturalizedDataset
    }
  }
  const dcmjs: { data: typeof data }
  export default dcmjs
}
