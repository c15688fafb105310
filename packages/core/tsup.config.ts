import { defineConfig } from 'tsup'

import { libraryBuilds } from '../../scripts/tsup-library.mjs'

export default defineConfig(libraryBuilds({ entry: { index: 'src/index.ts' }, platform: 'neutral' }))
