/**
 * An in-page `navigator.serial` replacement on real browser streams: Chromium has no Web Serial
 * emulation (browser-testing.md), so each port's `readable` is a real `ReadableStream` the test
 * feeds, and `writable` a real `WritableStream` whose writes come back to Node through a binding.
 * Installed with `page.addInitScript` before our bundle runs.
 */
export const WEB_SERIAL_SHIM = `(() => {
  const shim = { ports: [], cancelNext: false, failOpens: 0 }
  const bytes = (b64) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))
  class ShimPort extends EventTarget {
    constructor() { super(); this.readable = null; this.writable = null; this.opens = 0; this.closes = 0 }
    getInfo() { return { usbVendorId: 0x10c4, usbProductId: 0xea60 } }
    async open(options) {
      if (this.readable) throw new DOMException('The port is already open.', 'InvalidStateError')
      if (shim.failOpens > 0) { shim.failOpens--; throw new DOMException('Failed to open serial port.', 'NetworkError') }
      this.options = options
      this.opens++
      this.readable = new ReadableStream({ start: (c) => { this.controller = c } })
      this.writable = new WritableStream({
        write: (chunk) => window.__serialWrite(btoa(String.fromCharCode(...chunk))),
      })
    }
    async close() {
      this.closes++
      try { this.controller.close() } catch {}
      this.readable = null
      this.writable = null
    }
    push(b64) { this.controller.enqueue(bytes(b64)) }
    unplug() {
      this.controller.error(new DOMException('The device has been lost.', 'NetworkError'))
      this.readable = null
      this.writable = null
    }
  }
  const serial = {
    async requestPort() {
      if (shim.cancelNext) throw new DOMException('No port selected by the user.', 'NotFoundError')
      const port = new ShimPort()
      shim.ports.push(port)
      return port
    },
    async getPorts() { return shim.ports },
  }
  Object.defineProperty(Navigator.prototype, 'serial', { get: () => serial, configurable: true })
  window.__serialShim = shim
})()`

export const WEB_SERIAL_PAGE = `<!doctype html>
<html><head><meta charset="utf-8"></head><body>
<script type="module">
import * as sdk from '/sdk.js'
const plain = (e) => (e && e.error ? { ...e.error } : { _tag: 'Thrown', message: String(e) })
window.harness = {
  samples: [], states: [], diagnostics: [], completed: false,
  // The TaskEither functions' promises never reject (a Left is returned as { ok: false });
  // the ...OrThrow ones reject with an OpenwardError (returned with thrown: its name).
  async settle(open) {
    try {
      const result = await open()
      if (result._tag === 'Left') return { ok: false, error: { ...result.left } }
      const ox = result._tag === 'Right' ? result.right : result
      this.oximeter = ox
      ox.samples$.subscribe({ next: (s) => this.samples.push(s), complete: () => (this.completed = true), error: (e) => (this.failed = plain(e)) })
      ox.diagnostics$.subscribe({ next: (d) => this.diagnostics.push(d.bytesDiscarded), error: () => {} })
      ox.connection$.subscribe({ next: (s) => this.states.push(s.status), error: () => {} })
      return { ok: true, device: ox.device, options: window.__serialShim.ports[0].options }
    } catch (e) { return { ok: false, thrown: e && e.name, error: plain(e) } }
  },
  connect(protocol, reconnect, orThrow = false) {
    return this.settle(orThrow
      ? () => sdk.requestSerialOximeterOrThrow({ protocol, reconnect })
      : sdk.requestSerialOximeter({ protocol, reconnect }))
  },
  // Opens the page's first already-granted port (navigator.serial.getPorts()).
  async openExisting(protocol, orThrow = false) {
    const [port] = await navigator.serial.getPorts()
    return this.settle(orThrow
      ? () => sdk.openSerialPortOximeterOrThrow(port, { protocol })
      : sdk.openSerialPortOximeter(port, { protocol }))
  },
  failOpens(n) { window.__serialShim.failOpens = n },
  push(b64) { window.__serialShim.ports[0].push(b64) },
  unplug() { window.__serialShim.ports[0].unplug() },
  port() { const p = window.__serialShim.ports[0]; return { opens: p.opens, closes: p.closes } },
  async close() { await this.oximeter.close() },
}
window.ready = true
</script></body></html>`
