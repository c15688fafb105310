import { defineConfig } from 'tsup'

import { libraryBuilds } from '../../scripts/tsup-library.mjs'

export default defineConfig(
  libraryBuilds({
    entry: { index: 'src/index.ts', node: 'src/node/index.ts' },
    platform: 'neutral',
    // ES modules (one file per module, dist/esm): dependencies stay external, so an app shares one
    // copy of jose and fhir-kit-client.
    // CommonJS (require, Jest's default runtime, TypeScript `module: node16` CJS projects): jose 6
    // and fhir-kit-client 2 ship ES modules only, which Jest's CommonJS runtime cannot load, so this
    // build carries its own copy of both. Their CommonJS dependencies stay external.
    cjs: { noExternal: ['jose', 'fhir-kit-client'] },
    // The CommonJS declarations inline the few jose / fhir-kit-client types our signatures name, so a
    // CommonJS TypeScript project (module node16) never resolves those ESM-only packages (TS1479).
    cjsDts: { resolve: ['jose', 'fhir-kit-client'] },
  }),
)
