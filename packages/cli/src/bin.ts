#!/usr/bin/env node
import { main } from './main.js'
import { nodeIo } from './node-io.js'
import { BATCH_COMMANDS, keepYoungGenerationSmall } from './young-generation.js'

// Before the command loads: a good part of a batch summary's peak memory is V8's young generation grown to its
// maximum (README, "Memory of a long recording").
if (BATCH_COMMANDS.has(process.argv.slice(2).find((a) => a !== '--verbose') ?? '')) keepYoungGenerationSmall()

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
