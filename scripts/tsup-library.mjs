import { rmSync } from 'node:fs'
import { readFile } from 'node:fs/promises'

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

/**
 * Rewrites `fp-ts/lib/X.js` (CommonJS, which no bundler can tree-shake) to `#fp-ts/X.js`, which each
 * package's `imports` field maps to `fp-ts/es6/X.js` under the `module` condition (set by esbuild,
 * webpack, Rollup and Vite; never by Node) and to `fp-ts/lib/X.js` otherwise. fp-ts has no exports map
 * and its es6 files are not marked as ES modules, so plain Node must keep the lib files; bundlers get
 * the ES modules that io-ts's own ES build already imports, so an app holds one copy of fp-ts.
 * Runs on each source file before esbuild compiles it (with `bundle: false` esbuild resolves nothing).
 */
export const fpTsEs6 = {
  name: 'openward-fp-ts-es6',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, async ({ path }) => {
      const source = await readFile(path, 'utf8')
      return { contents: source.replace(/(['"])fp-ts\/lib\/([\w-]+)\.js\1/g, '$1#fp-ts/$2.js$1'), loader: 'ts' }
    })
  },
}

/**
 * The ES module build as one output file per source file (dist/esm/**), so an app's bundler keeps only
 * the modules it uses ("sideEffects": false) and drops every unused module's top-level code (codecs,
 * tables) with it. One bundled file per entry could not be tree-shaken that well: esbuild keeps any
 * top-level call it cannot prove pure. Types stay one bundled declaration file per entry (dist/*.d.ts).
 * @param {{ platform?: 'neutral' | 'node' | 'browser' }} [options]
 */
export function esmModules({ platform = 'neutral' } = {}) {
  return {
    entry: ['src/**/*.ts', '!src/**/*.d.ts', '!src/**/*.test.ts'],
    format: ['esm'],
    bundle: false,
    dts: false,
    sourcemap: true,
    clean: false,
    target: 'es2022',
    platform,
    splitting: false,
    treeshake: false,
    outDir: 'dist/esm',
    tsconfig: 'tsconfig.build.json',
    esbuildPlugins: [fpTsEs6],
  }
}

/**
 * A library's whole build: per-module ES modules (above), a bundled CommonJS file per entry, and
 * bundled declarations per entry for both conditions (.d.ts for import, .d.cts for require).
 * Empties dist/ first, here rather than with tsup's `clean`, because the builds run in parallel and
 * one build's clean could delete another's output.
 * @param {{ entry: Record<string, string>, platform?: 'neutral' | 'node' | 'browser', cjs?: object, dts?: object, cjsDts?: object }} options
 *   `cjs`: overrides for the CommonJS build; `dts`: declaration options for both conditions, unless
 *   `cjsDts` gives the CommonJS declarations their own.
 */
export function libraryBuilds({ entry, platform = 'neutral', cjs = {}, dts = {}, cjsDts }) {
  rmSync('dist', { recursive: true, force: true })
  const base = { ...libraryBuild({ entry, platform }), clean: false }
  const declarations =
    cjsDts === undefined
      ? [{ ...base, format: ['esm', 'cjs'], dts: { ...dts, only: true } }]
      : [
          { ...base, format: ['esm'], dts: { ...dts, only: true } },
          { ...base, format: ['cjs'], dts: { ...cjsDts, only: true } },
        ]
  return [...declarations, { ...base, format: ['cjs'], dts: false, ...cjs }, esmModules({ platform })]
}
