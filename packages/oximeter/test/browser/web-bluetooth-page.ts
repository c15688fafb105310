/** The test page: loads the `/web-bluetooth` bundle and exposes a small harness on `window.harness`. */
export const WEB_BLUETOOTH_PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><title>openward web-bluetooth test</title></head><body>
<script type="module">
import * as sdk from '/sdk.js'
const plain = (e) => (e && e.error ? { ...e.error } : { _tag: 'Thrown', message: String(e) })
window.harness = {
  samples: [], diagnostics: [], states: [], records: [], oximeter: undefined, completed: false, failed: undefined,
  unhandled: [],
  // bluetoothRequestOptions is an Either; requestOptionsOrThrow reports what bluetoothRequestOptionsOrThrow threw.
  requestOptions: (protocols) => sdk.bluetoothRequestOptions(protocols),
  requestOptionsOrThrow(protocols) {
    try { return { ok: true, options: sdk.bluetoothRequestOptionsOrThrow(protocols) } }
    catch (e) { return { ok: false, thrown: e && e.name, error: plain(e) } }
  },
  // requestOximeter is a TaskEither (its promise never rejects); orThrow uses requestOximeterOrThrow.
  async connect(protocols, reconnect, orThrow = false) {
    try {
      let ox
      if (orThrow) ox = await sdk.requestOximeterOrThrow({ protocols, reconnect })
      else {
        const result = await sdk.requestOximeter({ protocols, reconnect })()
        if (result._tag === 'Left') return { ok: false, error: { ...result.left } }
        ox = result.right
      }
      this.oximeter = ox
      ox.samples$.subscribe({
        next: (s) => this.samples.push(s),
        complete: () => (this.completed = true),
        error: (e) => (this.failed = plain(e)),
      })
      ox.diagnostics$.subscribe({ next: (d) => this.diagnostics.push(d), error: () => {} })
      ox.records$.subscribe({ next: (r) => this.records.push(r.record._tag), error: () => {} })
      ox.connection$.subscribe({ next: (s) => this.states.push(s.status), error: () => {} })
      return { ok: true, protocol: ox.profile.protocol, device: ox.device }
    } catch (e) {
      return { ok: false, thrown: e && e.name, error: plain(e) }
    }
  },
  // Delivers queued values: each read is answered by the fake device and fires characteristicvaluechanged.
  async pump(service, characteristic, n) {
    const devices = await navigator.bluetooth.getDevices()
    const device = devices.find((d) => d.id === this.oximeter.device.id)
    const c = await (await device.gatt.getPrimaryService(service)).getCharacteristic(characteristic)
    for (let i = 0; i < n; i++) await c.readValue()
  },
  // downloadStoredSpotChecks is a TaskEither: no try here, a rejection fails the test's evaluate.
  async download(timeoutMs = 5000, orThrow = false) {
    if (orThrow) {
      try { return { ok: true, samples: await this.oximeter.downloadStoredSpotChecksOrThrow({ timeoutMs }) } }
      catch (e) { return { ok: false, thrown: e && e.name, error: plain(e) } }
    }
    const result = await this.oximeter.downloadStoredSpotChecks({ timeoutMs })()
    return result._tag === 'Right' ? { ok: true, samples: result.right } : { ok: false, error: { ...result.left } }
  },
  async close() { await this.oximeter.close() },
}
window.addEventListener('unhandledrejection', (e) => harness.unhandled.push(String(e.reason)))
window.ready = true
</script></body></html>`
