import { type Browser, chromium } from 'playwright-core'

/** Debian's Chromium (`apt-get install chromium`); `.ci/run` installs it. Never a downloaded browser. */
export const CHROMIUM_PATH = '/usr/bin/chromium'

/**
 * Launch flags for headless Chromium here: background networking, component updates and sync off
 * (this machine's closed network refuses their connections), and experimental web platform features
 * on, because Linux keeps Web Bluetooth (and `navigator.bluetooth.getDevices()`) behind that flag.
 * Recipe: ../shared/specs/browser-testing.md.
 */
export const CHROMIUM_FLAGS: readonly string[] = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--enable-experimental-web-platform-features',
]

/** Launches headless Chromium with {@link CHROMIUM_FLAGS} (plus any extra arguments). */
export function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  // `--headless=new` is in the flags (the full browser, which has Web Bluetooth), so playwright's
  // own headless switch (the older headless shell) stays off.
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: false, args: [...CHROMIUM_FLAGS, ...extraArgs] })
}
