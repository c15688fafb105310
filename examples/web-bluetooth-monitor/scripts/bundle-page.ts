import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

import { build } from 'esbuild'

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url))

/** The page: `index.html` and the esbuild bundle of `src/main.ts` (the SDK resolved from source). */
export interface MonitorPage {
  readonly html: string
  readonly js: string
}

/** Bundles the page for the browser (ES2022 module, minified, with a source map inline when `dev`). */
export async function bundleMonitorPage(options: { readonly dev?: boolean } = {}): Promise<MonitorPage> {
  const result = await build({
    entryPoints: [here('../src/main.ts')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    // Workspace packages resolve to their TypeScript source: no build of the SDK needed.
    conditions: ['@openward/source'],
    minify: options.dev !== true,
    sourcemap: options.dev === true ? 'inline' : false,
    write: false,
    logLevel: 'silent',
  })
  return { html: readFileSync(here('../public/index.html'), 'utf8'), js: result.outputFiles[0]!.text }
}
