/** A page for the download and GATT-queue tests: the `/web-bluetooth` bundle plus a pump that plays notifications. */
export const DOWNLOAD_PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><title>openward download test</title></head><body>
<script type="module">
import * as sdk from '/sdk.js'
const b64 = (bytes) => { let s = ''; for (const x of bytes) s += String.fromCharCode(x); return btoa(s) }
const plain = (e) => (e && e._tag ? { ...e } : e && e.error ? { ...e.error } : { _tag: 'Thrown', name: e && e.name, message: String(e && e.message || e) })
let device
let pumping = false
let pumpDone = Promise.resolve()
window.harness = {
  async choose(protocols) {
    device = await navigator.bluetooth.requestDevice(sdk.bluetoothRequestOptionsOrThrow(protocols))
    return device.id
  },
  // CDP cannot push notifications: each readValue() of the notify characteristic is answered by the
  // fake device with its next queued value and fires characteristicvaluechanged (browser-testing.md).
  startPump(service, characteristic) {
    pumping = true
    pumpDone = (async () => {
      let c
      while (pumping) {
        try {
          if (!device.gatt.connected) { c = undefined; await new Promise((r) => setTimeout(r, 5)); continue }
          c = c ?? (await (await device.gatt.getPrimaryService(service)).getCharacteristic(characteristic))
          const v = await c.readValue()
          if (v.byteLength === 0) await new Promise((r) => setTimeout(r, 1))
        } catch { c = undefined; await new Promise((r) => setTimeout(r, 5)) }
      }
    })()
  },
  async stopPump() { pumping = false; await pumpDone },
  async download(options) {
    const progress = []
    const result = await sdk.downloadViatomO2OverBluetooth(device, { ...options, onProgress: (p) => progress.push(p) })()
    if (result._tag === 'Left') return { ok: false, error: plain(result.left), progress }
    return {
      ok: true,
      progress,
      sessions: result.right.map((s) => ({
        id: s.id, bytes: b64(s.bytes), attempts: s.attempts, startTimeMs: s.startTimeMs, intervalS: s.intervalS,
        samples: s.samples.map((x) => [x.timeMs, x.spo2, x.pulseRate]), integrity: s.integrity,
        recording: [...sdk.encodeDownloadRecording(s)].join(''),
      })),
    }
  },
  async list(service, write, notify) {
    const opened = await sdk.openGattDownloadLink({ device, service, write, notify })()
    if (opened._tag === 'Left') return [opened.left]
    const out = []
    for await (const entry of sdk.listViatomO2Files(opened.right, { replyTimeoutMs: 1500 })) out.push(entry._tag === 'Right' ? entry.right : { ...entry.left })
    await opened.right.close()
    return out
  },
  // Fires n writes at once on one characteristic, raw (no queue) or through the SDK's gattQueue.
  async concurrentWrites(service, characteristic, n, queued) {
    if (!device.gatt.connected) await device.gatt.connect()
    const c = await (await device.gatt.getPrimaryService(service)).getCharacteristic(characteristic)
    const queue = sdk.gattQueue(device)
    const ops = Array.from({ length: n }, (_, k) => {
      const write = () => c.writeValueWithResponse(new Uint8Array([k]))
      return (queued ? queue.run(write) : write()).then(() => ({ ok: true }), (e) => ({ ok: false, name: e.name, message: e.message }))
    })
    // A read overlapping the writes, too.
    const read = (queued ? queue.run(() => c.readValue()) : c.readValue()).then(() => ({ ok: true }), (e) => ({ ok: false, name: e.name, message: e.message }))
    return [...(await Promise.all(ops)), await read]
  },
  async reconnect(protocols, deviceId) {
    const result = await sdk.reconnectOximeter({ protocols, deviceId })()
    if (result._tag === 'Left') return { ok: false, error: plain(result.left) }
    window.oximeter = result.right
    return { ok: true, device: result.right.device, protocol: result.right.profile.protocol }
  },
  async closeOximeter() { await window.oximeter?.close() },
  permitted: async () => (await navigator.bluetooth.getDevices()).map((d) => d.id),
}
window.ready = true
</script></body></html>`
