// createSandbox is test and development tooling (docs/architecture.md, "Errors: one failure
// convention", tooling row): a sandbox that cannot start rejects with a named Error, so the test or
// demo that needed it stops there.
import { createServer, type Server } from 'node:net'

import { describe, expect, it } from 'vitest'

import { createSandbox, SandboxOptionsError } from '../src/index.js'

describe('createSandbox failure convention (tooling row)', () => {
  it('a non-loopback host rejects with a SandboxOptionsError naming it', async () => {
    await expect(createSandbox({ port: 0, host: '0.0.0.0' })).rejects.toThrow(SandboxOptionsError)
    await expect(createSandbox({ port: 0, host: '0.0.0.0' })).rejects.toThrow(/non-loopback host "0\.0\.0\.0"/)
  })

  it('a port already in use rejects with the listen error (EADDRINUSE), never resolves', async () => {
    const busy: Server = createServer()
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve))
    const port = (busy.address() as { port: number }).port
    try {
      await expect(createSandbox({ port })).rejects.toMatchObject({ code: 'EADDRINUSE' })
    } finally {
      await new Promise((resolve) => busy.close(resolve))
    }
  }, 30_000)
})
