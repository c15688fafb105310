import { defineConfig } from 'tsup'

import { libraryBuild } from '../../scripts/tsup-library.mjs'

export default defineConfig(
  // ESM only: fhir-kit-client 2 cannot be required, so a CJS build would fail at load. Node >= 20.19
  // CommonJS callers still load this package through require(esm) (the exports map has `default`).
  libraryBuild({ entry: { index: 'src/index.ts', node: 'src/node/index.ts' }, platform: 'neutral', formats: ['esm'] }),
)
