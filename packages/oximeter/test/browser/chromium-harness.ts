// Real headless Chromium (Debian /usr/bin/chromium via playwright-core, never a downloaded browser),
// a page on 127.0.0.1 that loads an esbuild bundle of one of our subpath entries, and raw CDP
// sessions for Chromium's BluetoothEmulation (browser target) and DeviceAccess (page target).
// Recipe and pitfalls: ../shared/specs/browser-testing.md.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'

import { bundleForBrowser, launchChromium } from '@openward/testing'
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core'

export { CHROMIUM_PATH } from '@openward/testing'

/** Bundles `src/<entry>` for the browser, resolving workspace packages from source. */
export function bundleEntry(entry: string): Promise<string> {
  return bundleForBrowser(fileURLToPath(new URL(`../../src/${entry}`, import.meta.url)))
}

export interface BrowserHarness {
  readonly browser: Browser
  readonly context: BrowserContext
  readonly page: Page
  /** Browser-target session: BluetoothEmulation.* */
  readonly browserSession: CDPSession
  /** Page-target session: DeviceAccess.* */
  readonly pageSession: CDPSession
  readonly origin: string
  close(): Promise<void>
}

/** Launches Chromium once, serves `/` (the page) and `/sdk.js` (the bundle), opens the page. */
export async function launchHarness(
  pageHtml: string,
  bundle: string,
  prepare?: (context: BrowserContext) => Promise<void>,
): Promise<BrowserHarness> {
  const server: Server = createServer((req, res) => {
    if (req.url === '/sdk.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(bundle)
    else res.writeHead(200, { 'content-type': 'text/html' }).end(pageHtml)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const browser = await launchChromium()
  const context = await browser.newContext()
  await prepare?.(context)
  const page = await context.newPage()
  await page.goto(`${origin}/`)
  await page.waitForFunction(() => (window as unknown as { ready?: boolean }).ready === true)
  const browserSession = await browser.newBrowserCDPSession()
  const pageSession = await context.newCDPSession(page)
  await pageSession.send('DeviceAccess.enable' as never)
  return {
    browser,
    context,
    page,
    browserSession,
    pageSession,
    origin,
    close: async () => {
      await browser.close()
      server.closeAllConnections()
      await new Promise((r) => server.close(r))
    },
  }
}
