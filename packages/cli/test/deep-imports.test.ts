import { fileURLToPath } from 'node:url'

import { build, type Metafile, type Plugin } from 'esbuild'
import { describe, expect, it } from 'vitest'

import { deepImports } from '../build/deep-imports.mjs'

const bin = fileURLToPath(new URL('../src/bin.ts', import.meta.url))
const optionalPeers = ['@openward/fhir-sandbox', '@openward/ward-stream']

/** Native and optional packages stay external, as in tsup.config.ts; everything else is bundled. */
const externals: Plugin = {
  name: 'externals',
  setup(b) {
    b.onResolve({ filter: /^(serialport|@serialport\/|sharp$|@openward\/(fhir-sandbox|ward-stream))/ }, (a) => ({
      path: a.path,
      external: true,
    }))
  },
}

/** The binary's build (tsup.config.ts: ESM, code splitting, from source), in memory, with or without the plugin. */
async function buildBin(plugins: Plugin[]): Promise<Metafile> {
  const result = await build({
    entryPoints: { bin },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'es2022',
    mainFields: ['module', 'main'],
    conditions: ['@openward/source'],
    outdir: '/virtual-out',
    write: false,
    metafile: true,
    logLevel: 'silent',
    plugins: [...plugins, externals],
  })
  return result.metafile
}

/** Every source file in the chunks `openward analyze` loads: its chunk and all chunks it imports statically. */
function analyzeInputs(meta: Metafile): string[] {
  const outputs = meta.outputs
  const entry = Object.keys(outputs).find((o) => outputs[o]!.entryPoint?.endsWith('src/commands/analyze.ts'))
  expect(entry).toBeDefined()
  const seen = new Set<string>()
  const visit = (o: string): void => {
    if (seen.has(o)) return
    seen.add(o)
    for (const i of outputs[o]!.imports) if (i.kind === 'import-statement' && !i.external) visit(i.path)
  }
  visit(entry!)
  return [...seen].flatMap((o) => Object.keys(outputs[o]!.inputs))
}

// Other commands' code that `openward analyze` of a CSV never runs.
const notAnalyzes = [
  /oximeter\/src\/protocols\//, // device decoders (decode, record, replay)
  /oximeter\/src\/download\//,
  /rxjs\/dist\/cjs\//, // rxjs whole, as CommonJS
  /rxjs\/dist\/esm\/internal\/operators\/(?!OperatorSubscriber)/, // operators (the streaming detectors)
  /fp-ts\/lib\//, // the second (CommonJS) copy of fp-ts
  /\/(referral|fhir|report|validators)\/src\//,
]

describe('the binary build resolves barrel imports to the files that define the names (build/deep-imports.mjs)', () => {
  it('openward analyze loads no other command’s code; without the plugin it loaded decoders and all of rxjs', async () => {
    const inputs = analyzeInputs(await buildBin([deepImports({ skip: optionalPeers })]))
    // What analyze does use is there.
    for (const needed of [
      'spo2/src/summarize-columns.ts',
      'spo2/src/pobm-preprocess.ts',
      'oximeter/src/import/oximetry-csv-columns.ts',
      'src/commands/analyze.ts',
    ])
      expect(inputs.some((i) => i.endsWith(needed))).toBe(true)
    expect(inputs.filter((i) => notAnalyzes.some((p) => p.test(i)))).toEqual([])
    // The same build through the barrels (the plugin is what makes the difference).
    const before = analyzeInputs(await buildBin([]))
    expect(before.filter((i) => /oximeter\/src\/protocols\//.test(i)).length).toBeGreaterThan(10)
    expect(before.filter((i) => /rxjs\/dist\/cjs\/internal\/operators\//.test(i)).length).toBeGreaterThan(50)
  }, 60_000)
})
