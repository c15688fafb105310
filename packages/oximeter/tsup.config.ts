import { defineConfig } from 'tsup'

import { libraryBuilds } from '../../scripts/tsup-library.mjs'

export default defineConfig(
  libraryBuilds({
    entry: {
      index: 'src/index.ts',
      'node-serial': 'src/node/index.ts',
      'web-bluetooth': 'src/web-bluetooth/index.ts',
      'web-serial': 'src/web-serial/index.ts',
    },
    platform: 'neutral',
    // The declaration bundler drops the sources' triple-slash references, and the Web Bluetooth and
    // Web Serial entries name those APIs' types: put the references back, so a consumer gets them from
    // our own dependencies (@types/web-bluetooth, @types/w3c-web-serial) even with `types: []`.
    dts: { banner: '/// <reference types="web-bluetooth" />\n/// <reference types="w3c-web-serial" />' },
  }),
)
