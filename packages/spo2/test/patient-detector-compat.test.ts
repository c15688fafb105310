import { describe, expect, it } from 'vitest'

import * as spo2 from '../src/index.js'
import { driveWard } from './ward-drive.js'

describe('patient detector: the class state machines against the closure implementation they replaced', () => {
  // Recorded by running `driveWard` on the build of commit 7ea6345 (each stage a closure over `let`s, before
  // the stages became classes for the 50 000-patient burst): not computed by the code under test. If the
  // events or snapshots change on purpose (a rule version, a new field), this pin is re-recorded in that change.
  const CLOSURE_IMPLEMENTATION = {
    counts: {
      'news2/news2-changed': 3195,
      'threshold-alerts/escalated': 39,
      'sustained-below/raised': 473,
      'sustained-below/cleared': 473,
      'threshold-alerts/de-escalated': 24,
      'staleness/stale': 44,
      'staleness/current': 42,
    },
    eventsSha256: '7588dc3ea3de2b230bbf1046204ad2009183b7f6338f26f03b0dc945bb1f894e',
    snapshotsSha256: '149bddad16e8b1600d034e8e3f5502bb8b39a0efc34d5249dcf6eb3fd8b71f1f',
  }

  it('three real recordings as a live ward sees them (epoch times, jittered arrival, silences, flags, ticks, takeovers): the same events and snapshots, byte for byte', () => {
    const now = driveWard(spo2)
    expect(now.counts).toEqual(CLOSURE_IMPLEMENTATION.counts)
    expect(now.eventsSha256).toBe(CLOSURE_IMPLEMENTATION.eventsSha256)
    expect(now.snapshotsSha256).toBe(CLOSURE_IMPLEMENTATION.snapshotsSha256)
  })
})
