import type { ResourceProfile } from '../profile.js'

/** Built-in profiles by canonical URL. @category profiles */
export const BUILT_IN_PROFILES: ReadonlyMap<string, ResourceProfile> = new Map()
