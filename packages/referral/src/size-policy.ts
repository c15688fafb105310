/**
 * Size limits for what is sent as attachments. e-RS accepts 5 MB (5,242,880 bytes) per file on
 * today's upload endpoints (e-RS API A020/A006; spec note 1.4); GP systems may be tighter.
 *
 * @category model
 */
export interface SizePolicy {
  readonly maxFileBytes: number
  readonly maxReferralBytes: number
  /** 'error' refuses an oversize file; 'downscale' makes a flagged, re-encoded smaller copy. */
  readonly onOversize: 'error' | 'downscale'
}

/** e-RS today: 5,242,880 bytes per file; 50 MiB per referral as a conservative total. @category size policy */
export const ERS_SIZE_POLICY: SizePolicy = {
  maxFileBytes: 5_242_880,
  maxReferralBytes: 52_428_800,
  onOversize: 'error',
}
