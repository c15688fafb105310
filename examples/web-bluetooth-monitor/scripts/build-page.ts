// `npm run build -w examples/web-bluetooth-monitor`: writes the static page to dist/.
import { mkdirSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

import { bundleMonitorPage } from './bundle-page.js'

const dist = fileURLToPath(new URL('../dist/', import.meta.url))
const page = await bundleMonitorPage()
mkdirSync(dist, { recursive: true })
writeFileSync(`${dist}index.html`, page.html)
writeFileSync(`${dist}monitor.js`, page.js)
console.log(`wrote ${dist}index.html and monitor.js (${(page.js.length / 1024).toFixed(0)} KiB)`)
