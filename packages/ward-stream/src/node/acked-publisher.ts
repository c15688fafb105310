import { createInbox, headers, type Msg, type NatsConnection, type Subscription } from '@nats-io/nats-core'

/**
 * JetStream publishes whose acks are counted, not awaited one by one. `js.publish` is a request per
 * message (a promise, a timer and two pre-built errors for their stack traces each); a worker
 * publishing thousands of outputs and checkpoints a second spent more time there than in the
 * detectors. Here every publish carries a reply subject under one inbox subscription; the stream's
 * ack (JetStream API: a `PubAck` JSON `{stream, seq, duplicate?}` or `{error}`) decrements the count,
 * and {@link AckedPublisher.settle} waits until every publish so far is acked: the worker's "stored
 * before checkpoint" rule needs exactly that, not per-message promises.
 *
 * A KV put is a publish to `$KV.<bucket>.<key>` (NATS ADR-8, "JetStream based Key-Value Stores"), so
 * checkpoint records go the same way; compare-and-set writes keep using the KV client.
 */
export class AckedPublisher {
  private readonly inbox = createInbox()
  private readonly sub: Subscription
  private next = 0
  private outstanding = 0
  private failure: string | undefined
  private waiters: (() => void)[] = []

  constructor(private readonly nc: NatsConnection) {
    this.sub = nc.subscribe(`${this.inbox}.*`, { callback: (_e, m) => this.onAck(m) })
  }

  /** Publishes not yet acked. */
  get pending(): number {
    return this.outstanding
  }

  /** Publishes `data` on `subject` (a stream's subject), with `Nats-Msg-Id` `msgId` when given (duplicate window). */
  publish(subject: string, data: string | Uint8Array, msgId?: string): void {
    if (this.nc.isClosed()) {
      this.failure ??= 'connection closed'
      return
    }
    let h: ReturnType<typeof headers> | undefined
    if (msgId !== undefined) {
      h = headers()
      h.set('Nats-Msg-Id', msgId)
    }
    this.outstanding++
    this.nc.publish(
      subject,
      data,
      h === undefined
        ? { reply: `${this.inbox}.${this.next++}` }
        : { reply: `${this.inbox}.${this.next++}`, headers: h },
    )
  }

  private onAck(m: Msg): void {
    // An empty reply with a status header is "no responders" (503): no stream took the message.
    if (m.data.length === 0) this.failure ??= `no stream answered (${m.headers?.code ?? 'no status'})`
    else {
      try {
        const ack = m.json<{ seq?: number; error?: { description?: string } }>()
        if (ack.error !== undefined || typeof ack.seq !== 'number')
          this.failure ??= `publish refused: ${ack.error?.description ?? m.string()}`
      } catch {
        this.failure ??= `unreadable publish ack: ${m.string()}`
      }
    }
    this.outstanding = Math.max(0, this.outstanding - 1)
    if (this.outstanding === 0 || this.failure !== undefined) {
      const w = this.waiters
      this.waiters = []
      for (const f of w) f()
    }
  }

  /**
   * Resolves once every publish so far is acked; rejects if any was refused or not acked within
   * `timeoutMs` (then the caller cannot know what is stored and must not checkpoint past it).
   */
  async settle(timeoutMs: number): Promise<void> {
    if (this.outstanding > 0 && this.failure === undefined) {
      let timer: ReturnType<typeof setTimeout> | undefined
      const acked = await new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), timeoutMs)
        this.waiters.push(() => resolve(true))
      })
      clearTimeout(timer)
      if (!acked) throw new Error(`${this.outstanding} publishes not acked within ${timeoutMs} ms`)
    }
    if (this.failure !== undefined) throw new Error(this.failure)
  }

  close(): void {
    this.sub.unsubscribe()
    const w = this.waiters
    this.waiters = []
    this.failure ??= 'publisher closed'
    for (const f of w) f()
  }
}
