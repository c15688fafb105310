// Real headless Chromium (Debian /usr/bin/chromium via playwright-core) on a 127.0.0.1 page that
// loads an esbuild bundle of our main entry. `/fhir/*` is proxied to the sandbox, so the page can
// reach the real FHIR server same-origin (the sandbox sends no CORS headers).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'

import { bundleForBrowser, launchChromium } from '@openward/testing'
import type { Browser, Page } from 'playwright-core'

const bundle = (): Promise<string> => bundleForBrowser(fileURLToPath(new URL('./idb-entry.ts', import.meta.url)))

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const c of req) chunks.push(c as Buffer)
  return Buffer.concat(chunks)
}

export interface ChromiumPage {
  readonly page: Page
  readonly origin: string
  close(): Promise<void>
}

export async function openPage(fhirBaseUrl: string): Promise<ChromiumPage> {
  const sdk = await bundle()
  const html = '<!doctype html><meta charset="utf-8"><script type="module" src="/sdk.js"></script>'
  const upstream = new URL(fhirBaseUrl)
  const server: Server = createServer(async (req, res) => {
    if (req.url === '/sdk.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(sdk)
      return
    }
    if (req.url?.startsWith('/fhir')) {
      try {
        await proxy(req, res)
      } catch {
        req.socket.destroy() // the upstream dropped the response: drop ours too
      }
      return
    }
    res.writeHead(200, { 'content-type': 'text/html' }).end(html)
  })
  async function proxy(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = req.method === 'GET' || req.method === 'HEAD' ? undefined : await readBody(req)
    const headers: Record<string, string> = {}
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string' && k !== 'host') headers[k] = v
    const r = await fetch(`${upstream.origin}${req.url}`, {
      method: req.method!,
      headers,
      ...(body ? { body: new Uint8Array(body) } : {}),
      // Pass redirects through to the page untouched, so the browser's own handling is what is tested.
      redirect: 'manual',
    })
    const out = Buffer.from(await r.arrayBuffer())
    const h: Record<string, string> = { 'content-type': r.headers.get('content-type') ?? 'application/fhir+json' }
    for (const k of ['etag', 'location']) if (r.headers.get(k)) h[k] = r.headers.get(k)!
    res.writeHead(r.status, h).end(out)
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const browser: Browser = await launchChromium()
  const page = await (await browser.newContext()).newPage()
  await page.goto(`${origin}/`)
  await page.waitForFunction(() => (window as unknown as { ready?: boolean }).ready === true)
  return {
    page,
    origin,
    close: async () => {
      await browser.close()
      server.closeAllConnections()
      await new Promise((r) => server.close(r))
    },
  }
}
