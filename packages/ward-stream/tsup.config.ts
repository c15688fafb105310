import { defineConfig } from 'tsup'

import { libraryBuilds } from '../../scripts/tsup-library.mjs'

export default defineConfig(
  libraryBuilds({ entry: { index: 'src/index.ts', node: 'src/node/index.ts' }, platform: 'neutral' }),
)
