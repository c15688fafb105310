import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import * as E from 'fp-ts/lib/Either.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { readNatsAuthFile } from '../src/node/nats-auth.js'
import { type NatsServerHandle, startNatsServer } from '../src/node/nats-server.js'
import { ensureWardAt, wardStatusAt } from '../src/node/ward-services.js'

// A server that admits named users only, as the ward board example's per-ward config does.
const USERS = `authorization { users: [ { user: "ward-service", password: "s3cret-service" } ] }`

describe('NATS sign-in of the ward services (--creds)', () => {
  let nats: NatsServerHandle
  let dir: string
  beforeAll(async () => {
    nats = await startNatsServer({ config: USERS })
    dir = await mkdtemp(join(tmpdir(), 'ward-creds-'))
  })
  afterAll(async () => {
    await nats.stop()
    await rm(dir, { recursive: true, force: true })
  })

  const file = async (name: string, text: string): Promise<string> => {
    const path = join(dir, name)
    await writeFile(path, text, { mode: 0o600 })
    return path
  }

  it('a JSON user/password file signs the services in; without it, or with a wrong password, the server refuses', async () => {
    const good = await readNatsAuthFile(
      await file('good.json', '{"user":"ward-service","password":"s3cret-service"}'),
    )()
    if (E.isLeft(good)) throw new Error(good.left.message)
    const created = await ensureWardAt([nats.url], 'north', { partitions: 2 }, good.right)()
    expect(E.isRight(created)).toBe(true)
    const status = await wardStatusAt([nats.url], 'north', good.right)()
    if (E.isLeft(status)) throw new Error(status.left.message)
    expect(status.right.partitions.map((p) => p.partition)).toEqual([0, 1])

    const anonymous = await wardStatusAt([nats.url], 'north')()
    expect(E.isLeft(anonymous) && anonymous.left._tag).toBe('NatsFailure')
    const wrong = await readNatsAuthFile(await file('wrong.json', '{"user":"ward-service","password":"nope"}'))()
    if (E.isLeft(wrong)) throw new Error(wrong.left.message)
    const refused = await wardStatusAt([nats.url], 'north', wrong.right)()
    expect(E.isLeft(refused) && refused.left._tag).toBe('NatsFailure')
  })

  it('a .creds file is read as JWT credentials; a file that is neither, or a missing one, is an InvalidOption naming it', async () => {
    const creds = await readNatsAuthFile(
      await file('u.creds', '-----BEGIN NATS USER JWT-----\neyJ0eXAiOiJKV1QifQ.e30.x\n------END NATS USER JWT------\n'),
    )()
    expect(E.isRight(creds) && creds.right._tag).toBe('Credentials')
    for (const [name, text] of [
      ['plain.txt', 'ward-service:s3cret'],
      ['nouser.json', '{"password":"x"}'],
      ['nopass.json', '{"user":"ward-service"}'],
    ] as const) {
      const path = await file(name, text)
      const r = await readNatsAuthFile(path)()
      expect(E.isLeft(r) && r.left._tag).toBe('InvalidOption')
      expect(E.isLeft(r) && r.left.message).toContain(path)
    }
    const missing = await readNatsAuthFile(join(dir, 'absent.json'))()
    expect(E.isLeft(missing) && missing.left._tag).toBe('InvalidOption')
  })
})
