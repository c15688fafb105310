import type { IncomingMessage, ServerResponse } from 'node:http'

/** A response the host is about to send. */
export interface HostResponse {
  readonly status: number
  readonly headers?: Readonly<Record<string, string>>
  readonly body?: string | Uint8Array
}

export const FHIR_JSON = 'application/fhir+json; charset=utf-8'

/** Largest request body accepted (a 100-entry transaction is ~100 KiB). */
const MAX_BODY_BYTES = 64 * 1024 * 1024

export class BodyTooLarge extends Error {}

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    const buf = chunk as Buffer
    size += buf.length
    if (size > MAX_BODY_BYTES) throw new BodyTooLarge(`request body over ${MAX_BODY_BYTES} bytes`)
    chunks.push(buf)
  }
  return Buffer.concat(chunks)
}

export function send(res: ServerResponse, response: HostResponse): void {
  const headers: Record<string, string | number> = { ...response.headers }
  const body = response.body ?? ''
  headers['content-length'] = typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength
  res.writeHead(response.status, headers)
  res.end(body)
}

export function json(status: number, value: unknown, headers: Record<string, string> = {}): HostResponse {
  return { status, headers: { 'content-type': FHIR_JSON, ...headers }, body: JSON.stringify(value) }
}

/** A single-issue OperationOutcome response. */
export function outcome(
  status: number,
  code: string,
  diagnostics: string,
  headers: Record<string, string> = {},
): HostResponse {
  const severity = status >= 400 ? 'error' : 'information'
  return json(status, { resourceType: 'OperationOutcome', issue: [{ severity, code, diagnostics }] }, headers)
}

export function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name]
  return Array.isArray(value) ? value.join(', ') : value
}

export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase()
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h)
}
