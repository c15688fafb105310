import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'

import { jetstreamManager } from '@nats-io/jetstream'
import { connect } from '@nats-io/transport-node'
import { bundleForBrowser, launchChromium } from '@openward/testing'
import * as E from 'fp-ts/lib/Either.js'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { ensureWard } from '../src/node/ensure-ward.js'
import { type NatsServerHandle, startNatsServer } from '../src/node/nats-server.js'
import { partitionOf } from '../src/partition.js'

describe('browser entry in real Chromium over NATS WebSocket', () => {
  let nats: NatsServerHandle
  let server: Server
  let browser: Browser
  beforeAll(async () => {
    nats = await startNatsServer({ websocket: true })
    const script = await bundleForBrowser(fileURLToPath(new URL('./fixtures/browser-publisher.ts', import.meta.url)))
    server = createServer((req, res) => {
      if (req.url === '/app.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(script)
      else
        res
          .writeHead(200, { 'content-type': 'text/html' })
          .end('<!doctype html><script type="module" src="/app.js"></script>')
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    browser = await launchChromium()
  }, 60_000)
  afterAll(async () => {
    await browser?.close()
    server?.closeAllConnections()
    await new Promise((r) => server?.close(r))
    await nats?.stop()
  })

  it('a phone page publishes batches with publishSamples over WebSocket; the re-send is dropped as a duplicate', async () => {
    const nc = await connect({ servers: nats.url })
    const jsm = await jetstreamManager(nc)
    const ward = await ensureWard(nc, jsm, 'phones', { partitions: 8 })()
    if (E.isLeft(ward)) throw new Error(ward.left.message)
    const page = await (await browser.newContext()).newPage()
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`)
    await page.waitForFunction(() => (globalThis as unknown as { ready?: boolean }).ready === true)
    const result = (await page.evaluate(
      ([url]) =>
        (globalThis as unknown as { publishTwice: (u: string, t: string, p: number) => Promise<unknown> }).publishTwice(
          url!,
          'phones',
          8,
        ),
      [nats.wsUrl],
    )) as {
      first: E.Either<unknown, { stored: number; duplicates: number }>
      again: E.Either<unknown, { stored: number; duplicates: number }>
    }
    expect(result.first).toEqual(E.right({ stored: 4, duplicates: 0, lastSeq: 4 }))
    expect(result.again).toMatchObject(E.right({ stored: 0, duplicates: 4 }))
    const info = await jsm.streams.info(ward.right.names.samplesStream, {
      subjects_filter: ward.right.names.samplesWildcard,
    })
    expect(info.state.messages).toBe(4)
    expect(Object.keys(info.state.subjects ?? {})).toEqual([`ward.phones.samples.${partitionOf('phone-1', 8)}.phone-1`])
    await nc.close()
  }, 60_000)
})
