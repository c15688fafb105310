import { defineConfig } from 'tsup'

import { libraryBuilds } from '../../scripts/tsup-library.mjs'

// Four entries: the main one re-exports the three focused ones (identifiers, ucum, fhir) so that
// a page can import only what it pays for (README "Entries"). The ES modules are one file per source
// module (dist/esm), so a bundler drops the modules (and with them fhirpath and @lhncbc/ucum-lhc)
// that an app does not use.
export default defineConfig(
  libraryBuilds({
    entry: { index: 'src/index.ts', identifiers: 'src/identifiers.ts', ucum: 'src/ucum.ts', fhir: 'src/fhir.ts' },
    platform: 'neutral',
  }),
)
