/** The optional package a failed import names (ERR_MODULE_NOT_FOUND / MODULE_NOT_FOUND), if any. */
export function missingPackage(error: unknown): string | undefined {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown }
  if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') return undefined
  const name = /Cannot find (?:package|module) '((?:@[^/']+\/)?[^/']+)/.exec(String(message))?.[1]
  return name !== undefined && OPTIONAL_PACKAGES.includes(name) ? name : undefined
}

/** Packages the CLI lists as optional peers (package.json `peerDependenciesMeta`). */
const OPTIONAL_PACKAGES: readonly string[] = ['@openward/fhir-sandbox', '@openward/ward-stream', 'sharp']
