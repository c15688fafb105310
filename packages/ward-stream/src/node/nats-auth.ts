import { readFile } from 'node:fs/promises'

import { credsAuthenticator, type ConnectionOptions } from '@nats-io/nats-core'
import { describeThrown } from '@openward/core'
import * as E from 'fp-ts/lib/Either.js'
import type * as TE from 'fp-ts/lib/TaskEither.js'

import { invalidOption, type WardError } from '../ward-error.js'

/**
 * How a ward service signs in to NATS: a user and password (the per-ward users of a server config
 * such as the ward board example's), or a decentralised-auth credentials file (user JWT + nkey seed).
 */
export type NatsAuth =
  | { readonly _tag: 'UserPassword'; readonly user: string; readonly password: string }
  | { readonly _tag: 'Credentials'; readonly creds: Uint8Array }

// A NATS `.creds` file: the user JWT and the nkey seed in armoured blocks (docs.nats.io, "Creds").
const CREDS_MARK = /-{3,}BEGIN NATS USER JWT-{3,}/

/**
 * Reads `--creds FILE`: a NATS `.creds` file (`-----BEGIN NATS USER JWT-----` …), or a JSON object
 * `{ "user": "…", "password": "…" }`. A secret belongs in a file readable by the service only, never
 * on the command line (visible to every user in `ps`). Anything else is an `InvalidOption` naming
 * the file, never a connection attempt with half a secret.
 */
export function readNatsAuthFile(path: string): TE.TaskEither<WardError, NatsAuth> {
  return async () => {
    let bytes: Uint8Array
    try {
      bytes = await readFile(path)
    } catch (e) {
      return E.left(invalidOption('creds', `cannot read ${path}: ${describeThrown(e)}`))
    }
    const text = new TextDecoder().decode(bytes)
    if (CREDS_MARK.test(text)) return E.right({ _tag: 'Credentials', creds: bytes })
    let json: unknown
    try {
      json = JSON.parse(text)
    } catch {
      return E.left(
        invalidOption('creds', `${path} is neither a NATS .creds file nor JSON {"user": "…", "password": "…"}`),
      )
    }
    const o = json as { user?: unknown; password?: unknown }
    if (typeof json !== 'object' || json === null || typeof o.user !== 'string' || o.user === '')
      return E.left(invalidOption('creds', `${path}: "user" must be a non-empty string`))
    if (typeof o.password !== 'string') return E.left(invalidOption('creds', `${path}: "password" must be a string`))
    return E.right({ _tag: 'UserPassword', user: o.user, password: o.password })
  }
}

/** The connection options of an auth (none without one). */
export function natsAuthOptions(auth: NatsAuth | undefined): Partial<ConnectionOptions> {
  if (auth === undefined) return {}
  return auth._tag === 'UserPassword'
    ? { user: auth.user, pass: auth.password }
    : { authenticator: credsAuthenticator(auth.creds) }
}
