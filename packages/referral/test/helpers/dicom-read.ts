import dcmjs from 'dcmjs'

/** Reads a DICOM Part 10 file with dcmjs and returns the naturalised dataset and meta. */
export function readDicom(bytes: Uint8Array): { ds: Record<string, any>; meta: Record<string, any> } {
  const dict = dcmjs.data.DicomMessage.readFile(bytes.slice().buffer)
  return {
    ds: dcmjs.data.DicomMetaDictionary.naturalizeDataset(dict.dict),
    meta: dcmjs.data.DicomMetaDictionary.naturalizeDataset(dict.meta),
  }
}
