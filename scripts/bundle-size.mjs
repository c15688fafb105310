// One budget row measured as an app would bundle it (esbuild, platform browser, minified, peers
// included) and gzipped at level 9. Shared by check-bundle-budgets.mjs (the built workspace) and
// consumer-test.mjs (the packed, installed tarballs), so both measure the same thing.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'

import * as esbuild from 'esbuild'

import { root } from './workspaces.mjs'

/** The rows of scripts/bundle-budgets.json: `{ import, from, maxGzip }` (`import` '*' = whole entry). */
export function budgetRows() {
  return JSON.parse(readFileSync(join(root, 'scripts/bundle-budgets.json'), 'utf8')).rows
}

/** Bundles one row with imports resolved from `resolveDir`; returns its minified and gzip sizes. */
export function measureBudgetRow(row, resolveDir) {
  const contents =
    row.import === '*'
      ? `export * from ${JSON.stringify(row.from)}`
      : `import { ${row.import} } from ${JSON.stringify(row.from)}\nexport { ${row.import} }`
  const out = esbuild.buildSync({
    stdin: { contents, resolveDir, loader: 'js' },
    bundle: true,
    platform: 'browser',
    format: 'esm',
    minify: true,
    write: false,
    logLevel: 'silent',
    treeShaking: true,
  })
  const bytes = out.outputFiles[0].contents
  return { minified: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length }
}
