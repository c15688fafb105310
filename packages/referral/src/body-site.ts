/**
 * A body site as a SNOMED CT concept with optional laterality, used in DICOM
 * AnatomicRegionSequence (+ modifier) and FHIR Media.bodySite.
 *
 * @category model
 */
export interface BodySite {
  readonly code: string
  readonly display: string
  readonly laterality?: Laterality
}

/** Which side: DICOM ImageLaterality R/L/B/U and SNOMED qualifiers. @category model */
export type Laterality = 'left' | 'right' | 'both' | 'unpaired'

/** SNOMED CT laterality qualifiers (DICOM CID 244). @category body sites */
export const LATERALITY_CODES: Readonly<Record<Exclude<Laterality, 'unpaired'>, { code: string; display: string }>> = {
  right: { code: '24028007', display: 'Right' },
  left: { code: '7771000', display: 'Left' },
  both: { code: '51440002', display: 'Right and left' },
}

/** DICOM ImageLaterality (0020,0062) values. @category body sites */
export const IMAGE_LATERALITY: Readonly<Record<Laterality, 'R' | 'L' | 'B' | 'U'>> = {
  right: 'R',
  left: 'L',
  both: 'B',
  unpaired: 'U',
}

/**
 * Common sites by keyword, SNOMED CT codes from DICOM PS3.16 Annex L (Body Part Examined to
 * SNOMED mapping). Dermatology often needs finer sites: pass any SNOMED code directly.
 *
 * @category body sites
 */
export const BODY_SITES: Readonly<Record<string, { code: string; display: string }>> = {
  forearm: { code: '14975008', display: 'Forearm' },
  'upper-arm': { code: '40983000', display: 'Upper arm' },
  hand: { code: '85562004', display: 'Hand' },
  face: { code: '89545001', display: 'Face' },
  scalp: { code: '41695006', display: 'Scalp' },
  back: { code: '77568009', display: 'Back' },
  chest: { code: '816094009', display: 'Chest' },
  thigh: { code: '68367000', display: 'Thigh' },
  'lower-leg': { code: '30021000', display: 'Lower leg' },
  foot: { code: '56459004', display: 'Foot' },
  eye: { code: '81745001', display: 'Eye' },
  ear: { code: '117590005', display: 'Ear' },
  nose: { code: '45206002', display: 'Nose' },
}

/**
 * Parses "forearm", "left forearm", "forearm:left" or a SNOMED code ("14975008", "14975008:right").
 * Returns `undefined` for an unknown keyword.
 *
 * @example
 * parseBodySite('left forearm') // { code: '14975008', display: 'Forearm', laterality: 'left' }
 * @category body sites
 */
export function parseBodySite(text: string): BodySite | undefined {
  const words = text
    .trim()
    .toLowerCase()
    .split(/[\s:,]+/)
    .filter((w) => w !== '')
  const side = words.find((w): w is Laterality => w === 'left' || w === 'right' || w === 'both' || w === 'unpaired')
  const rest = words.filter((w) => w !== side).join('-')
  const known = BODY_SITES[rest]
  const site = known ?? (/^\d{6,18}$/.test(rest) ? { code: rest, display: `SNOMED CT ${rest}` } : undefined)
  if (site === undefined) return undefined
  return side === undefined ? site : { ...site, laterality: side }
}
