#!/usr/bin/env node
import { main } from './main.js'
import { nodeIo } from './node-io.js'

main(process.argv.slice(2), nodeIo()).then(
  (code) => {
    process.exitCode = code
  },
  (error: unknown) => {
    process.stderr.write(`openward: ${error instanceof Error ? error.message : String(error)}\n`)
    process.exitCode = 70
  },
)
