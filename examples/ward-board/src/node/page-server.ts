import { readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { fileURLToPath } from 'node:url'

import { build } from 'esbuild'

const here = (p: string): string => fileURLToPath(new URL(p, import.meta.url))

/** Bundles `src/main.ts` for the browser (ES2022 module), the SDK resolved from source. */
export async function bundleBoard(): Promise<string> {
  const result = await build({
    entryPoints: [here('../main.ts')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['@openward/source'],
    minify: true,
    write: false,
    logLevel: 'silent',
  })
  return result.outputFiles[0]!.text
}

/** One ward's page: served under `/ward/<tenant>/`. */
export interface WardPage {
  readonly tenant: string
  readonly wsUrl: string
  readonly staleAfterMs?: number | undefined
}

/** Serves the board page on 127.0.0.1 (`port` 0: a free one); `origin` is where it listens. */
export async function serveBoard(
  wards: readonly WardPage[],
  port = 0,
): Promise<{ origin: string; close(): Promise<void> }> {
  const js = await bundleBoard()
  const html = readFileSync(here('../../public/index.html'), 'utf8')
  const css = readFileSync(here('../../public/board.css'), 'utf8')
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname
    const m = /^\/ward\/([A-Za-z0-9_-]+)\/(.*)$/.exec(path)
    const ward = wards.find((w) => w.tenant === m?.[1])
    if (m === null || ward === undefined) {
      res.writeHead(404).end()
      return
    }
    const file = m[2]
    if (file === '' || file === 'index.html') res.writeHead(200, { 'content-type': 'text/html' }).end(html)
    else if (file === 'board.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(js)
    else if (file === 'board.css') res.writeHead(200, { 'content-type': 'text/css' }).end(css)
    else if (file === 'config.json')
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ wsUrl: ward.wsUrl, tenant: ward.tenant, staleAfterMs: ward.staleAfterMs }))
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
