// Bundle-size budgets (issue 18 "Size", issue 17 "Pay for what you use"): each import below is
// bundled for the browser with esbuild (minified, ESM, tree-shaken) from the package's source
// entries, and its gzip size compared with its budget. Run: npm run size -w packages/validators
// (exit 1 when a budget is exceeded). The same measurement backs test/bundle-size.test.ts.
import { gzipSync } from 'node:zlib'

import { build } from 'esbuild'

export interface SizeCase {
  readonly name: string
  readonly code: string
  /** Budget for the gzip size, in bytes; undefined = measured and reported only. */
  readonly budgetGzipBytes?: number
}

export const SIZE_CASES: readonly SizeCase[] = [
  {
    name: 'validateNhsNumber from /identifiers',
    code: "import { validateNhsNumber } from '@openward/validators/identifiers'\nconsole.log(validateNhsNumber('943 476 5919'))",
    budgetGzipBytes: 10 * 1024,
  },
  {
    name: 'validateNhsNumber from the main entry',
    code: "import { validateNhsNumber } from '@openward/validators'\nconsole.log(validateNhsNumber('943 476 5919'))",
    budgetGzipBytes: 10 * 1024,
  },
  {
    name: 'every identifier from /identifiers',
    code: "import * as v from '@openward/validators/identifiers'\nconsole.log(v)",
    budgetGzipBytes: 16 * 1024,
  },
  {
    name: 'validateUcumUnit from /ucum',
    code: "import { validateUcumUnit } from '@openward/validators/ucum'\nconsole.log(validateUcumUnit('mm[Hg]'))",
  },
  {
    name: 'validateResource from /fhir',
    code: "import { validateResource } from '@openward/validators/fhir'\nconsole.log(validateResource({}))",
  },
  {
    name: 'the whole main entry',
    code: "import * as v from '@openward/validators'\nconsole.log(v)",
  },
]

export interface SizeResult {
  readonly name: string
  readonly minifiedBytes: number
  readonly gzipBytes: number
  readonly budgetGzipBytes: number | undefined
}

/** Bundles one case and measures it. */
export async function measureBundle(c: SizeCase): Promise<SizeResult> {
  const out = await build({
    stdin: { contents: c.code, resolveDir: import.meta.dirname, loader: 'ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['@openward/source'],
    write: false,
    logLevel: 'silent',
  })
  const bytes = out.outputFiles[0]!.contents
  return {
    name: c.name,
    minifiedBytes: bytes.length,
    gzipBytes: gzipSync(bytes).length,
    budgetGzipBytes: c.budgetGzipBytes,
  }
}

const kb = (n: number): string => `${(n / 1024).toFixed(1)} KB`

if (process.argv[1] === import.meta.filename) {
  let over = 0
  for (const c of SIZE_CASES) {
    const r = await measureBundle(c)
    const verdict =
      r.budgetGzipBytes === undefined
        ? ''
        : r.gzipBytes <= r.budgetGzipBytes
          ? `ok (budget ${kb(r.budgetGzipBytes)})`
          : `OVER budget ${kb(r.budgetGzipBytes)}`
    if (r.budgetGzipBytes !== undefined && r.gzipBytes > r.budgetGzipBytes) over++
    console.log(
      `${r.name.padEnd(40)} ${kb(r.minifiedBytes).padStart(10)} min ${kb(r.gzipBytes).padStart(9)} gzip  ${verdict}`,
    )
  }
  process.exitCode = over > 0 ? 1 : 0
}
