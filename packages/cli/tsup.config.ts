import { defineConfig } from 'tsup'

import { libraryBuild } from '../../scripts/tsup-library.mjs'

// The programmatic entry builds like every library. The binary is ESM with code splitting, so each
// command's `import('./commands/x.js')` stays a separate chunk that loads only when the command runs
// (without splitting, esbuild would hoist every command's package imports into bin.js).
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
  },
])
