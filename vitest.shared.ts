import { defaultClientConditions, defaultServerConditions } from 'vite'
import { defineConfig } from 'vitest/config'

// Tests resolve sibling packages from source through the private `@openward/source` export
// condition, so nothing needs building before `vitest run`. SSR (Node) resolution needs it too.
export default defineConfig({
  resolve: { conditions: ['@openward/source', ...defaultClientConditions] },
  ssr: { resolve: { conditions: ['@openward/source', ...defaultServerConditions] } },
  environments: { ssr: { resolve: { conditions: ['@openward/source', ...defaultServerConditions] } } },
  test: {
    include: ['test/**/*.test.ts'],
    benchmark: { include: ['bench/**/*.bench.ts'] },
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
})
