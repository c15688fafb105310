import { describe, expect, it } from 'vitest'

import {
  DEVICE_REGISTRY,
  encodeContecV7Command,
  encodeViatomO2Request,
  isProtocolId,
  PROTOCOL_IDS,
  profilesForDeviceName,
  ProtocolId,
} from '../src/index.js'

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex')

describe('protocol ids', () => {
  it('lists the 17 ids of issue 3 and guards them', () => {
    expect(PROTOCOL_IDS).toHaveLength(17)
    expect(isProtocolId('contec-v7')).toBe(true)
    expect(isProtocolId('contec-v8')).toBe(false)
    expect(ProtocolId.decode('jumper')._tag).toBe('Right')
  })
})

describe('device registry', () => {
  it('has one profile per protocol id, keyed by its own id', () => {
    for (const id of PROTOCOL_IDS) expect(DEVICE_REGISTRY[id].protocol).toBe(id)
  })

  it('uses full lower-case 128-bit UUIDs', () => {
    for (const p of Object.values(DEVICE_REGISTRY)) {
      const uuids = [p.gatt?.service, p.gatt?.write, ...(p.gatt?.subscribe.map((s) => s.uuid) ?? [])]
      for (const u of uuids.filter((x) => x !== undefined))
        expect(u).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
    }
  })

  it('spot-check is indicate, continuous is notify (PLXS §3; XCSoar PR #2972)', () => {
    expect(DEVICE_REGISTRY['plx-spot-check'].gatt?.subscribe[0]?.delivery).toBe('indicate')
    expect(DEVICE_REGISTRY['plx-continuous'].gatt?.subscribe[0]?.delivery).toBe('notify')
  })

  it('finds BerryMed and VTM 20F by name (their advertisements omit the service)', () => {
    expect(profilesForDeviceName('BerryMed 1234').map((p) => p.protocol)).toEqual(['berrymed'])
    expect(profilesForDeviceName('VTM 20F').map((p) => p.protocol)).toEqual(['viatom-fs20f'])
    expect(DEVICE_REGISTRY.berrymed.gatt?.advertisesService).toBe(false)
  })

  it('gives serial settings from the spec note (Contec legacy 19200 8O1, V7 115200 8N1, Nonin 9600 8N1)', () => {
    expect(DEVICE_REGISTRY['contec-legacy'].serial).toMatchObject({ baudRate: 19200, parity: 'odd', dataBits: 8 })
    expect(DEVICE_REGISTRY['contec-v7'].serial).toMatchObject({ baudRate: 115200, parity: 'none' })
    expect(DEVICE_REGISTRY['nonin-df8'].serial).toMatchObject({ baudRate: 9600, parity: 'none' })
  })
})

describe('host commands', () => {
  it('Contec V7 start real-time is 7D 81 A1 80×6 (V7.0 command packet, 0x00 padding sent as 0x80)', () => {
    expect(hex(encodeContecV7Command(0xa1))).toBe('7d81a1808080808080')
    expect(DEVICE_REGISTRY['contec-v7'].commands.keepAlive?.intervalMs).toBeLessThan(5000)
    expect(hex(DEVICE_REGISTRY['contec-v7'].commands.keepAlive!.command.bytes)).toBe('7d81af808080808080')
  })

  it('Contec V7 parameters keep their bit 7 in the high-bit byte', () => {
    // set date: 20 26 month 11 day 22 weekday 0; all < 0x80 so only the command's bit is set
    expect(hex(encodeContecV7Command(0xb2, [20, 26, 11, 22, 0]))).toBe('7d81b2949a8b968080')
    expect(encodeContecV7Command(0xa6, [0x81])[1]).toBe(0x83)
  })

  it('Viatom O2 read-sensors poll matches the CRC vector AA 17 E8 00 00 00 00 1B (spec note §3.3)', () => {
    expect(hex(encodeViatomO2Request(0x17))).toBe('aa17e8000000001b')
    expect(hex(DEVICE_REGISTRY['viatom-o2'].commands.poll!.command.bytes)).toBe('aa17e8000000001b')
  })

  it('Nonin format select is 02 70 02 02 <fmt> 03', () => {
    expect(hex(DEVICE_REGISTRY['nonin-df13'].commands.start[0]!.bytes)).toBe('027002020d03')
  })
})
