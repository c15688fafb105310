import { defineConfig } from 'tsup'

import { libraryBuild } from '../../scripts/tsup-library.mjs'

// Four entries: the main one re-exports the three focused ones (identifiers, ucum, fhir) so that
// a page can import only what it pays for (README "Bundle sizes").
export default defineConfig(
  libraryBuild({
    entry: { index: 'src/index.ts', identifiers: 'src/identifiers.ts', ucum: 'src/ucum.ts', fhir: 'src/fhir.ts' },
    platform: 'neutral',
  }),
)
