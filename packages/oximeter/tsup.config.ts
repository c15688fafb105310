import { defineConfig } from 'tsup'

import { libraryBuild } from '../../scripts/tsup-library.mjs'

export default defineConfig(
  libraryBuild({
    entry: {
      index: 'src/index.ts',
      'node-serial': 'src/node/index.ts',
      'web-bluetooth': 'src/web-bluetooth/index.ts',
      'web-serial': 'src/web-serial/index.ts',
    },
    platform: 'neutral',
  }),
)
