#!/usr/bin/env node
import { describeThrown } from '@openward/core'

import { main } from './main.js'
import { nodeIo } from './node-io.js'

main(process.argv.slice(2), nodeIo()).then(
  (code) => {
    process.exitCode = code
  },
  (error: unknown) => {
    process.stderr.write(`openward: ${describeThrown(error)}\n`)
    process.exitCode = 70
  },
)
