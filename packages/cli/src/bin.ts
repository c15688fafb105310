#!/usr/bin/env node
import { main } from './main.js'
import { nodeIo } from './node-io.js'

// Only main.js and the command table load here; each command's module is imported when it runs.
main(process.argv.slice(2), nodeIo()).then(
  (code) => {
    process.exitCode = code
  },
  (error: unknown) => {
    process.stderr.write(`openward: ${error instanceof Error ? error.message : String(error)}\n`)
    process.exitCode = 70
  },
)
