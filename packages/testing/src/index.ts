export { bundleForBrowser } from './browser-bundle.js'
export { CHROMIUM_FLAGS, CHROMIUM_PATH, launchChromium } from './chromium.js'
export type { PtyPair } from './socat-pty.js'
export { openPtyPair, until } from './socat-pty.js'
