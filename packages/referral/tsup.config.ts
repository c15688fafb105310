import { defineConfig } from 'tsup'

import { libraryBuilds } from '../../scripts/tsup-library.mjs'

// `index` is browser-safe; `node` (atomic file output, sharp downscaler) is the Node-only subpath.
export default defineConfig(
  libraryBuilds({ entry: { index: 'src/index.ts', node: 'src/node/index.ts' }, platform: 'neutral' }),
)
