import { build } from 'esbuild'

/**
 * Bundles one TypeScript entry file for the browser (ESM, ES2022) in memory, resolving workspace
 * packages from source through the `@openward/source` condition, and returns the script text a test
 * page serves. `platform: 'browser'` makes a Node built-in in the entry's graph a build error.
 */
export async function bundleForBrowser(entryPath: string): Promise<string> {
  const result = await build({
    entryPoints: [entryPath],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['@openward/source'],
    write: false,
    logLevel: 'silent',
  })
  const text = result.outputFiles[0]?.text
  if (text === undefined) throw new Error(`esbuild produced no output for ${entryPath}`)
  return text
}
