import { defineProject, mergeConfig } from 'vitest/config'

import shared from '../../vitest.shared.js'

// One file at a time: each e2e file starts its own nats-server, workers and Chromium, and the
// 1,000-patient frame times mean nothing with the other file competing for the same two cores.
export default mergeConfig(
  shared,
  defineProject({ test: { name: 'example-ward-board', fileParallelism: false, testTimeout: 60_000 } }),
)
