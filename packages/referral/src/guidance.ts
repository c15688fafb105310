import { type ImageRole } from './dicom-image-meta.js'

/** A photo-set guidance finding: advice for the sender, never a block. @category model */
export interface GuidanceWarning {
  readonly code:
    | 'missing-view'
    | 'missing-body-site'
    | 'low-resolution'
    | 'consent-not-recorded'
    | 'no-dicom'
    | 'patient-id'
    | 'image'
  readonly message: string
  readonly file?: string
}

/** What the guidance checks need to know about one image. @category model */
export interface GuidanceImage {
  readonly file: string
  readonly role: ImageRole
  readonly hasBodySite: boolean
  readonly width?: number
  readonly height?: number
}

const DERMATOLOGY_SET: readonly ImageRole[] = ['overview', 'close-up', 'dermoscopic']

/**
 * Checks a referral's photos against UK teledermatology guidance (BAD/PCDS quality standards;
 * NHS England teledermatology roadmap 2023): a lesion set of overview + close-up + dermoscopic,
 * a body site for every image, a minimum long edge (default 1600 px; older ATA guidance asked for at
 * least 800x600), and consent recorded. Returns warnings only.
 *
 * @category guidance
 */
export function photoSetGuidance(
  images: readonly GuidanceImage[],
  context: { readonly specialty: string; readonly consentRecorded: boolean; readonly minLongEdge?: number },
): GuidanceWarning[] {
  const out: GuidanceWarning[] = []
  const minLongEdge = context.minLongEdge ?? 1600
  const derm = /derm|skin/i.test(context.specialty) || images.some((i) => i.role === 'dermoscopic')
  if (derm) {
    for (const role of DERMATOLOGY_SET) {
      if (!images.some((i) => i.role === role)) {
        out.push({
          code: 'missing-view',
          message: `dermatology set has no ${role} image (expected overview + close-up + dermoscopic)`,
        })
      }
    }
  }
  for (const i of images) {
    if (!i.hasBodySite)
      out.push({ code: 'missing-body-site', message: `${i.file}: no body site recorded`, file: i.file })
    if (i.width !== undefined && i.height !== undefined && Math.max(i.width, i.height) < minLongEdge) {
      const tiny = i.width * i.height < 800 * 600
      out.push({
        code: 'low-resolution',
        message: `${i.file}: ${i.width}x${i.height} is below the ${minLongEdge} px long edge${tiny ? ' and under 800x600' : ''}`,
        file: i.file,
      })
    }
  }
  if (!context.consentRecorded)
    out.push({ code: 'consent-not-recorded', message: 'patient consent to capture and send images is not recorded' })
  return out
}
