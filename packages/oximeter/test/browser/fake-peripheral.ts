// A fake GATT peripheral driven through Chromium's BluetoothEmulation CDP domain. CDP cannot push
// notifications, so values are delivered the way browser-testing.md found to work: the page reads
// the characteristic (`readValue()`), we answer the read with the next queued payload, and Web
// Bluetooth fires `characteristicvaluechanged` on the same object the SDK listens to.
import type { CDPSession } from 'playwright-core'

export interface FakeCharacteristic {
  readonly uuid: string
  readonly properties: {
    read?: boolean
    write?: boolean
    writeWithoutResponse?: boolean
    notify?: boolean
    indicate?: boolean
  }
}

export interface FakeService {
  readonly uuid: string
  readonly characteristics: readonly FakeCharacteristic[]
}

export interface FakePeripheralSpec {
  readonly address: string
  readonly name: string
  /** Service UUIDs the device advertises (may be fewer than it has). */
  readonly advertised: readonly string[]
  readonly services: readonly FakeService[]
}

type Send = (method: string, params?: object) => Promise<unknown>

/** One emulated device plus a log of what the page did to it. */
export class FakePeripheral {
  readonly writes: Array<{ uuid: string; bytes: Uint8Array; writeType: string }> = []
  readonly operations: string[] = []
  /** Answer characteristic operations after this delay (a slow device), so overlapping ones can be seen. */
  answerDelayMs = 0
  /** Characteristic operations received and not yet answered, and the most there ever were. */
  inFlight = 0
  maxInFlight = 0
  /** HCI status to answer the next connection attempts with (0 = success). */
  connectionCode = 0
  /** Connection attempts are answered only once the GATT database is (re)built. */
  private ready: Promise<void> = Promise.resolve()
  private readonly queues = new Map<string, Uint8Array[]>()
  private readonly uuidById = new Map<string, string>()
  private readonly idByUuid = new Map<string, string>()
  private readonly onWrite = new Map<string, (bytes: Uint8Array) => void>()
  private readonly listeners: Array<[string, (event: never) => void]> = []

  constructor(
    private readonly bs: CDPSession,
    private readonly spec: FakePeripheralSpec,
  ) {}

  private send: Send = (method, params) => this.bs.send(method as never, params as never)

  async install(): Promise<void> {
    const { address, name, advertised } = this.spec
    await this.send('BluetoothEmulation.enable', { state: 'powered-on', leSupported: true })
    await this.send('BluetoothEmulation.simulatePreconnectedPeripheral', {
      address,
      name,
      manufacturerData: [],
      knownServiceUuids: advertised,
    })
    await this.addServices()
    this.listen()
  }

  /** Chromium's fake forgets its GATT database on a simulated disconnection; a real device keeps it. */
  private async addServices(): Promise<void> {
    const { address } = this.spec
    for (const service of this.spec.services) {
      const { serviceId } = (await this.send('BluetoothEmulation.addService', {
        address,
        serviceUuid: service.uuid,
      })) as { serviceId: string }
      for (const c of service.characteristics) {
        const { characteristicId } = (await this.send('BluetoothEmulation.addCharacteristic', {
          serviceId,
          characteristicUuid: c.uuid,
          properties: c.properties,
        })) as { characteristicId: string }
        this.uuidById.set(characteristicId, c.uuid)
        this.idByUuid.set(c.uuid, characteristicId)
        if (c.properties.notify || c.properties.indicate)
          await this.send('BluetoothEmulation.addDescriptor', {
            characteristicId,
            descriptorUuid: '00002902-0000-1000-8000-00805f9b34fb', // CCCD: required for startNotifications
          })
      }
    }
  }

  private listen(): void {
    this.on('BluetoothEmulation.gattOperationReceived', (e: { address: string; type: string }) => {
      this.operations.push(`gatt:${e.type}`)
      void this.ready
        .then(() => {
          const code = e.type === 'connection' ? this.connectionCode : 0
          return this.send('BluetoothEmulation.simulateGATTOperationResponse', {
            address: e.address,
            type: e.type,
            code,
          })
        })
        // As for the characteristic answers below: an answer that finds the emulation disabled (the
        // test tearing down while Chromium still asked) must not become an unhandled rejection.
        .catch(() => undefined)
    })
    this.on(
      'BluetoothEmulation.characteristicOperationReceived',
      (e: { characteristicId: string; type: string; data?: string; writeType?: string }) => {
        const uuid = this.uuidById.get(e.characteristicId) ?? e.characteristicId
        this.operations.push(`${e.type}:${uuid.slice(4, 8)}`)
        const response: Record<string, unknown> = { characteristicId: e.characteristicId, type: e.type, code: 0 }
        if (e.type === 'read') response.data = Buffer.from(this.queues.get(uuid)?.shift() ?? []).toString('base64')
        if (e.type === 'write') {
          const bytes = new Uint8Array(Buffer.from(e.data ?? '', 'base64'))
          this.writes.push({ uuid, bytes, writeType: e.writeType ?? '' })
          this.onWrite.get(uuid)?.(bytes)
          if (e.writeType === 'write-without-response') return
        }
        // Track how many operations the device holds unanswered at once: a real ATT bearer allows one.
        this.inFlight++
        this.maxInFlight = Math.max(this.maxInFlight, this.inFlight)
        const answer = () =>
          void this.send('BluetoothEmulation.simulateCharacteristicOperationResponse', response)
            .catch(() => undefined) // the emulation was disabled while a delayed answer waited
            .finally(() => void this.inFlight--)
        if (this.answerDelayMs > 0) setTimeout(answer, this.answerDelayMs)
        else answer()
      },
    )
  }

  /** Values the next reads of `uuid` return, in order. */
  queue(uuid: string, ...values: Uint8Array[]): void {
    const q = this.queues.get(uuid) ?? []
    q.push(...values)
    this.queues.set(uuid, q)
  }

  /** Forgets values queued for `uuid` and not yet read (a real device sends nothing stale after a reconnect). */
  clearQueue(uuid: string): void {
    this.queues.delete(uuid)
  }

  /** Runs `f` on every write to `uuid` (a device answering its commands). */
  whenWritten(uuid: string, f: (bytes: Uint8Array) => void): void {
    this.onWrite.set(uuid, f)
  }

  /** Drops the link (the page sees gattserverdisconnected); the device stays in range with its services. */
  async disconnect(): Promise<void> {
    await this.send('BluetoothEmulation.simulateGATTDisconnection', { address: this.spec.address })
    this.ready = this.addServices()
    await this.ready
  }

  async uninstall(): Promise<void> {
    for (const [event, f] of this.listeners.splice(0)) this.bs.off(event as never, f)
    await this.send('BluetoothEmulation.disable')
  }

  private on<E>(event: string, f: (e: E) => void): void {
    this.bs.on(event as never, f as never)
    this.listeners.push([event, f as (event: never) => void])
  }
}

/** Picks the first device in every chooser prompt, exactly once per prompt id (a second select crashes Chromium 156). */
export function autoSelectDevice(ps: CDPSession, choose: 'first' | 'cancel' = 'first'): () => void {
  const seen = new Set<string>()
  const handler = (e: { id: string; devices: Array<{ id: string }> }) => {
    if (seen.has(e.id) || (choose === 'first' && e.devices.length === 0)) return
    seen.add(e.id)
    if (choose === 'cancel') void ps.send('DeviceAccess.cancelPrompt' as never, { id: e.id } as never)
    else void ps.send('DeviceAccess.selectPrompt' as never, { id: e.id, deviceId: e.devices[0]!.id } as never)
  }
  ps.on('DeviceAccess.deviceRequestPrompted' as never, handler as never)
  return () => ps.off('DeviceAccess.deviceRequestPrompted' as never, handler as never)
}
