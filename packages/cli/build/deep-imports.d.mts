import type { Plugin } from 'esbuild'

/** The esbuild plugin of deep-imports.mjs (types for the tests and tsup.config.ts). */
export function deepImports(options?: { readonly skip?: readonly string[] }): Plugin
