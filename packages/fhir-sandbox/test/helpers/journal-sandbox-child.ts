// A sandbox with a journal in its own process, for the SIGKILL test: prints its base URL, then serves
// until it is killed.
import { createSandbox } from '../../src/index.js'

const journalPath = process.argv[2]
if (!journalPath) throw new Error('usage: journal-sandbox-child.ts JOURNAL')
const sandbox = await createSandbox({ port: 0, journalPath })
process.stdout.write(`${sandbox.baseUrl}\n`)
