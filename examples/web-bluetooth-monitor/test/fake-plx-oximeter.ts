// An emulated Bluetooth PLX oximeter in Chromium, through the CDP BluetoothEmulation domain (browser
// target) — recipe: ../shared/specs/browser-testing.md. CDP cannot push a notification, so a value is
// delivered by answering a `readValue()` the test triggers in the page: Web Bluetooth fires
// `characteristicvaluechanged` on the very characteristic object the SDK subscribed to.
import type { CDPSession } from 'playwright-core'

const sig = (n: number) => `0000${n.toString(16).padStart(4, '0')}-0000-1000-8000-00805f9b34fb`
export const PLX_SERVICE = sig(0x1822)
export const PLX_CONTINUOUS = sig(0x2a5f)
const PLX_FEATURES = sig(0x2a60)
const CCCD = sig(0x2902)

type Send = (method: string, params?: object) => Promise<unknown>

export class FakePlxOximeter {
  readonly operations: string[] = []
  private readonly values: Uint8Array[] = []
  private readonly uuidById = new Map<string, string>()
  private readonly handlers: Array<[string, (e: never) => void]> = []
  private readonly send: Send

  constructor(
    private readonly browser: CDPSession,
    readonly address = '09:09:09:09:09:09',
    readonly name = 'PLX-FAKE',
  ) {
    this.send = (method, params) => browser.send(method as never, params as never)
  }

  /**
   * Answers an operation Chromium is waiting on, without waiting itself. An answer that finds the
   * emulation disabled or the browser gone (the test tearing down while the page still asked) is
   * dropped, not left as an unhandled rejection that fails the whole run.
   */
  private answer(method: string, params: Record<string, unknown>): void {
    this.send(method, params).catch(() => undefined)
  }

  async install(): Promise<void> {
    await this.send('BluetoothEmulation.enable', { state: 'powered-on', leSupported: true })
    await this.send('BluetoothEmulation.simulatePreconnectedPeripheral', {
      address: this.address,
      name: this.name,
      manufacturerData: [],
      knownServiceUuids: [PLX_SERVICE],
    })
    await this.addGatt()
    // Every GATT operation must be answered or the page's promise never settles.
    this.on('BluetoothEmulation.gattOperationReceived', (e: { address: string; type: string }) => {
      this.answer('BluetoothEmulation.simulateGATTOperationResponse', { address: e.address, type: e.type, code: 0 })
    })
    this.on('BluetoothEmulation.characteristicOperationReceived', (e: { characteristicId: string; type: string }) => {
      const uuid = this.uuidById.get(e.characteristicId) ?? '?'
      this.operations.push(`${e.type}:${uuid.slice(4, 8)}`)
      const response: Record<string, unknown> = { characteristicId: e.characteristicId, type: e.type, code: 0 }
      if (e.type === 'read') {
        // PLX Features (0x2A60): only the supported-features field, nothing optional.
        const value = uuid === PLX_FEATURES ? Uint8Array.of(0x00, 0x00) : (this.values.shift() ?? new Uint8Array())
        response.data = Buffer.from(value).toString('base64')
      }
      this.answer('BluetoothEmulation.simulateCharacteristicOperationResponse', response)
    })
  }

  /** Drops the link: the page sees `gattserverdisconnected`; the device stays in range. */
  async disconnect(): Promise<void> {
    await this.send('BluetoothEmulation.simulateGATTDisconnection', { address: this.address })
    // Chromium's fake forgets the GATT database on a disconnection; a real device keeps it.
    await this.addGatt()
  }

  private async addGatt(): Promise<void> {
    const { serviceId } = (await this.send('BluetoothEmulation.addService', {
      address: this.address,
      serviceUuid: PLX_SERVICE,
    })) as { serviceId: string }
    for (const [uuid, properties] of [
      [PLX_CONTINUOUS, { notify: true }],
      [PLX_FEATURES, { read: true }],
    ] as const) {
      const { characteristicId } = (await this.send('BluetoothEmulation.addCharacteristic', {
        serviceId,
        characteristicUuid: uuid,
        properties,
      })) as { characteristicId: string }
      this.uuidById.set(characteristicId, uuid)
      // The CCCD descriptor is required for startNotifications (spec note pitfall 2).
      if ('notify' in properties)
        await this.send('BluetoothEmulation.addDescriptor', { characteristicId, descriptorUuid: CCCD })
    }
  }

  /** Values the next reads of the PLX Continuous Measurement characteristic return, in order. */
  queue(...values: Uint8Array[]): void {
    this.values.push(...values)
  }

  async uninstall(): Promise<void> {
    for (const [event, f] of this.handlers.splice(0)) this.browser.off(event as never, f)
    await this.send('BluetoothEmulation.disable')
  }

  private on<E>(event: string, f: (e: E) => void): void {
    this.browser.on(event as never, f as never)
    this.handlers.push([event, f as (e: never) => void])
  }
}

/** Picks the first device in each chooser prompt, once per prompt id (a second select crashes Chromium 156). */
export function autoSelectFirstDevice(page: CDPSession): void {
  const seen = new Set<string>()
  page.on(
    'DeviceAccess.deviceRequestPrompted' as never,
    ((e: { id: string; devices: { id: string }[] }) => {
      if (seen.has(e.id) || e.devices.length === 0) return
      seen.add(e.id)
      void page.send('DeviceAccess.selectPrompt' as never, { id: e.id, deviceId: e.devices[0]!.id } as never)
    }) as never,
  )
}
