// `npm start -w examples/web-bluetooth-monitor`: serves the page on http://127.0.0.1:8080/ (a secure
// context, as Web Bluetooth requires). Open it in Chrome or Edge; on Linux enable
// chrome://flags/#enable-experimental-web-platform-features (Web Bluetooth is behind a flag there).
import { servePage } from './page-server.js'

const { origin } = await servePage(Number(process.env.PORT ?? 8080))
console.log(`Oximeter monitor on ${origin}/ (Ctrl-C to stop)`)
