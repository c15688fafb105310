import { readFileSync } from 'node:fs'

import { describe, expect, it } from 'vitest'

import { boardPermissions, exampleNatsConfig } from '../src/node/nats-config.js'

describe('nats config', () => {
  it('the documented example file is what the generator writes (run scripts/write-example-config.ts)', () => {
    const committed = readFileSync(new URL('../nats/ward-board.example.conf', import.meta.url), 'utf8')
    expect(committed).toBe(exampleNatsConfig())
  })

  it('a board may publish nothing on samples or output subjects and subscribe to nothing of another ward', () => {
    const p = boardPermissions('north')
    expect(p.publish.filter((s) => s.startsWith('ward.'))).toEqual(['ward.north.ack.>'])
    expect([...p.publish, ...p.subscribe].some((s) => s.includes('south') || s === '>' || s === '_INBOX.>')).toBe(false)
  })
})
