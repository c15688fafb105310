import { defineConfig } from 'tsup'

import { libraryBuild } from '../../scripts/tsup-library.mjs'

const entry = { index: 'src/index.ts', node: 'src/node/index.ts' }

export default defineConfig([
  // ES modules: dependencies stay external, so an app shares one copy of jose and fhir-kit-client.
  libraryBuild({ entry, platform: 'neutral', formats: ['esm'] }),
  {
    // CommonJS (require, Jest's default runtime, TypeScript `module: node16` CJS projects): jose 6
    // and fhir-kit-client 2 ship ES modules only, which Jest's CommonJS runtime cannot load, so this
    // build carries its own copy of both. Their CommonJS dependencies stay external.
    ...libraryBuild({ entry, platform: 'neutral', formats: ['cjs'] }),
    noExternal: ['jose', 'fhir-kit-client'],
    // The declarations inline the few jose / fhir-kit-client types our signatures name, so a
    // CommonJS TypeScript project (module node16) never resolves those ESM-only packages (TS1479).
    dts: { resolve: ['jose', 'fhir-kit-client'] },
    clean: false,
  },
])
