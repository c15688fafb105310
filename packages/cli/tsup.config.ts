import { defineConfig } from 'tsup'

import { libraryBuild } from '../../scripts/tsup-library.mjs'
import { deepImports } from './build/deep-imports.mjs'

// The programmatic entry builds like every library. The binary is ESM with code splitting, so each
// command's `import('./commands/x.js')` stays a separate chunk that loads only when the command runs
// (without splitting, esbuild would hoist every command's package imports into bin.js).
//
// The binary also bundles the Openward packages (from source, via the `@openward/source` condition)
// and rxjs/fp-ts/io-ts, tree-shaken: loading rxjs's ~400 ESM files alone took about 3× `node -e 0`,
// the whole budget of `openward analyze` (README, "Start-up"). Native and optional packages stay
// external: serialport, the FHIR sandbox, sharp.
//
// Imports from the Openward packages' barrels are resolved to the files that define the names
// (build/deep-imports.mjs): esbuild splits by which commands can reach a file, so through a barrel every
// command reached every module and `openward analyze` loaded other commands' chunks (rxjs among them).
const optionalPeers = ['@openward/fhir-sandbox', '@openward/ward-stream']
export default defineConfig([
  { ...libraryBuild({ entry: { index: 'src/index.ts' }, platform: 'node' }), clean: false },
  {
    entry: { bin: 'src/bin.ts' },
    format: ['esm'],
    platform: 'node',
    target: 'es2022',
    splitting: true,
    treeshake: true,
    sourcemap: true,
    clean: false,
    dts: false,
    outDir: 'dist',
    tsconfig: 'tsconfig.build.json',
    // Everything is bundled (tree-shaken) except native and optional packages, so the binary never
    // depends on how npm nested the packages' own dependencies.
    // The optional peers (package.json peerDependenciesMeta) must stay external, or they would not be optional.
    noExternal: [/^(?!@openward\/fhir-sandbox$|@openward\/ward-stream(\/|$)|sharp$|serialport$|@serialport\/)/],
    external: ['@openward/fhir-sandbox', /^@openward\/ward-stream(\/|$)/, 'sharp', 'serialport', /^@serialport\//],
    // Bundled CommonJS (fhir-kit-client, dcmjs, ...) calls require() for Node built-ins.
    banner: {
      js: "import { createRequire as __owRequire } from 'node:module'; const require = __owRequire(import.meta.url);",
    },
    esbuildPlugins: [deepImports({ skip: optionalPeers })],
    esbuildOptions(options) {
      options.conditions = ['@openward/source']
    },
  },
])
