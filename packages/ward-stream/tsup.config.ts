import { defineConfig } from 'tsup'

import { libraryBuild } from '../../scripts/tsup-library.mjs'

export default defineConfig(
  libraryBuild({ entry: { index: 'src/index.ts', node: 'src/node/index.ts' }, platform: 'neutral' }),
)
