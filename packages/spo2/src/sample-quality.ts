/**
 * Data quality carried by streaming alert events: the samples seen since the previous event of the
 * same stream, and the fraction of them that could not be used (flags, impossible values).
 *
 * @category model
 */
export interface SampleQuality {
  readonly samples: number
  readonly validSamples: number
  readonly invalidFraction: number
}
