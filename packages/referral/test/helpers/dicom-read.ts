import { dcmjsData } from './dcmjs.js'

/** Reads a DICOM Part 10 file with dcmjs and returns the naturalised dataset and meta. */
export function readDicom(bytes: Uint8Array): { ds: Record<string, any>; meta: Record<string, any> } {
  const dict = dcmjsData.DicomMessage.readFile(bytes.slice().buffer)
  return {
    ds: dcmjsData.DicomMetaDictionary.naturalizeDataset(dict.dict),
    meta: dcmjsData.DicomMetaDictionary.naturalizeDataset(dict.meta),
  }
}
