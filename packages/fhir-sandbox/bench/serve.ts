// Child process for the benchmark: a sandbox in its own process, as a client would meet it.
import { createSandbox } from '../src/index.js'

const sandbox = await createSandbox({ port: 0 })
process.stdout.write(`${sandbox.baseUrl}\n`)
process.on('SIGTERM', () => {
  void sandbox.close().then(() => process.exit(0))
})
