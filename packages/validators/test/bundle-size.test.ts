import { describe, expect, it } from 'vitest'

import { measureBundle, SIZE_CASES } from '../scripts/bundle-size.js'

// Pay for what you use (issues 17 and 18): a page that checks NHS numbers must not carry FHIRPath,
// UCUM and the R4 definitions. Budgets are gzip bytes of an esbuild browser bundle (minified).
describe('bundle-size budgets', () => {
  for (const c of SIZE_CASES.filter((s) => s.budgetGzipBytes !== undefined)) {
    it(`${c.name} stays within ${(c.budgetGzipBytes! / 1024).toFixed(0)} KB gzip`, async () => {
      const r = await measureBundle(c)
      expect(r.gzipBytes).toBeLessThanOrEqual(c.budgetGzipBytes!)
    }, 30_000)
  }

  it('the identifiers bundle carries neither FHIRPath, UCUM nor the R4 definitions', async () => {
    const { build } = await import('esbuild')
    const out = await build({
      stdin: { contents: SIZE_CASES[1]!.code, resolveDir: import.meta.dirname, loader: 'ts' },
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'browser',
      conditions: ['@openward/source'],
      write: false,
      logLevel: 'silent',
      metafile: true,
    })
    // Files that contribute bytes to the output (esbuild parses more, then tree-shakes them away).
    const output = Object.values(out.metafile.outputs)[0]!
    const inputs = Object.entries(output.inputs)
      .filter(([, i]) => i.bytesInOutput > 0)
      .map(([f]) => f)
    expect(inputs.filter((f) => /fhirpath|ucum-lhc|r4-definitions|r4-extensions/.test(f))).toEqual([])
    expect(inputs.some((f) => f.endsWith('nhs-number.ts'))).toBe(true)
  }, 30_000)
})
