import { createServer } from 'node:http'

import { bundleMonitorPage } from './bundle-page.js'

/** Serves the page (bundled from source) on 127.0.0.1, a secure context as Web Bluetooth requires. */
export async function servePage(port: number): Promise<{ origin: string; close(): Promise<void> }> {
  const page = await bundleMonitorPage({ dev: true })
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname
    if (path === '/monitor.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(page.js)
    else if (path === '/' || path === '/index.html') res.writeHead(200, { 'content-type': 'text/html' }).end(page.html)
    else res.writeHead(404).end()
  })
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  const address = server.address()
  const origin = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : port}`
  return {
    origin,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
