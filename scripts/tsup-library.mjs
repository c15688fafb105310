// Shared tsup settings for every library package: dual ESM + CJS, a .d.ts per condition,
// peers and workspace siblings kept external (tsup externalises dependencies and peers).
/**
 * @param {{ entry: Record<string, string>, platform?: 'neutral' | 'node' | 'browser', formats?: ('esm' | 'cjs')[] }} options
 */
export function libraryBuild({ entry, platform = 'neutral', formats = ['esm', 'cjs'] }) {
  return {
    entry,
    format: formats,
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'es2022',
    platform,
    splitting: false,
    treeshake: true,
    outDir: 'dist',
    tsconfig: 'tsconfig.build.json',
  }
}
