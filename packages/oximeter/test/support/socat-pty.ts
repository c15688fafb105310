// The pty pair and polling helper live in the private @openward/testing workspace (shared with the examples).
export type { PtyPair } from '@openward/testing'
export { openPtyPair, until } from '@openward/testing'
