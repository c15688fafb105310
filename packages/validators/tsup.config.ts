import { defineConfig } from 'tsup'

import { libraryBuild } from '../../scripts/tsup-library.mjs'

// Four entries: the main one re-exports the three focused ones (identifiers, ucum, fhir) so that
// a page can import only what it pays for (README "Entries"). The ESM build is split into shared
// chunks, so the main entry is a file of re-exports and a bundler drops the chunks (and with them
// fhirpath and @lhncbc/ucum-lhc) that an app does not use; without splitting, the main entry would be
// one module whose imports of those packages a bundler must keep (they are not side-effect free).
const base = libraryBuild({
  entry: { index: 'src/index.ts', identifiers: 'src/identifiers.ts', ucum: 'src/ucum.ts', fhir: 'src/fhir.ts' },
  platform: 'neutral',
})

export default defineConfig([
  { ...base, format: ['esm'], splitting: true },
  { ...base, format: ['cjs'], splitting: false, clean: false },
])
