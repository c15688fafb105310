import { createInbox, headers, type Msg, type NatsConnection, type Subscription } from '@nats-io/nats-core'

/**
 * JetStream publishes whose acks are counted, not awaited one by one. `js.publish` is a request per
 * message (a promise, a timer and two pre-built errors for their stack traces each); a worker
 * publishing thousands of outputs and checkpoints a second spent more time there than in the
 * detectors. Here every publish carries a reply subject under one inbox subscription; the stream's
 * ack (JetStream API: a `PubAck` JSON `{stream, seq, duplicate?}` or `{error}`) marks its publish acked,
 * and a watermark tells up to which publish everything is acked ({@link AckedPublisher.waitThrough}):
 * the worker's "stored before the floor moves" rule needs exactly that, not per-message promises.
 *
 * A KV put is a publish to `$KV.<bucket>.<key>` (NATS ADR-8, "JetStream based Key-Value Stores"), so
 * checkpoint records go the same way; compare-and-set writes keep using the KV client.
 */
export class AckedPublisher {
  private readonly inbox = createInbox()
  private readonly sub: Subscription
  /** Id of the last publish (ids count from 1). */
  private last = 0
  /** Every publish with an id below this is acked. */
  private low = 1
  /** Acked ids above `low` (acks may come back out of order). */
  private readonly ackedAhead = new Set<number>()
  private failure: string | undefined
  private waiters: { through: number; wake: () => void }[] = []

  constructor(private readonly nc: NatsConnection) {
    this.sub = nc.subscribe(`${this.inbox}.*`, { callback: (_e, m) => this.onAck(m) })
  }

  /** Publishes not yet acked. */
  get pending(): number {
    return this.last - (this.low - 1) - this.ackedAhead.size
  }

  /** Id of the last publish so far: {@link waitThrough} it to know everything before is stored. */
  mark(): number {
    return this.last
  }

  /** Publishes `data` on `subject` (a stream's subject), with `Nats-Msg-Id` `msgId` when given (duplicate window). */
  publish(subject: string, data: string | Uint8Array, msgId?: string): void {
    if (this.nc.isClosed()) {
      this.fail('connection closed')
      return
    }
    const reply = `${this.inbox}.${++this.last}`
    if (msgId === undefined) this.nc.publish(subject, data, { reply })
    else {
      const h = headers()
      h.set('Nats-Msg-Id', msgId)
      this.nc.publish(subject, data, { reply, headers: h })
    }
  }

  private fail(why: string): void {
    this.failure ??= why
    const w = this.waiters
    this.waiters = []
    for (const x of w) x.wake()
  }

  private onAck(m: Msg): void {
    // An empty reply with a status header is "no responders" (503): no stream took the message.
    if (m.data.length === 0) return this.fail(`no stream answered (${m.headers?.code ?? 'no status'})`)
    try {
      const ack = m.json<{ seq?: number; error?: { description?: string } }>()
      if (ack.error !== undefined || typeof ack.seq !== 'number')
        return this.fail(`publish refused: ${ack.error?.description ?? m.string()}`)
    } catch {
      return this.fail(`unreadable publish ack: ${m.string()}`)
    }
    const id = Number(m.subject.slice(this.inbox.length + 1))
    if (id === this.low) {
      this.low++
      while (this.ackedAhead.delete(this.low)) this.low++
      if (this.waiters.length > 0) {
        const ready = this.waiters.filter((x) => x.through < this.low)
        this.waiters = this.waiters.filter((x) => x.through >= this.low)
        for (const x of ready) x.wake()
      }
    } else if (id > this.low) this.ackedAhead.add(id)
  }

  /**
   * Resolves once every publish up to `through` (a {@link mark}) is acked; rejects if any publish was
   * refused or the acks did not come within `timeoutMs` (then nobody knows what is stored, and the
   * caller must not checkpoint past it).
   */
  async waitThrough(through: number, timeoutMs: number): Promise<void> {
    if (this.low <= through && this.failure === undefined) {
      let timer: ReturnType<typeof setTimeout> | undefined
      const acked = await new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), timeoutMs)
        this.waiters.push({ through, wake: () => resolve(true) })
      })
      clearTimeout(timer)
      if (!acked && this.failure === undefined)
        throw new Error(`${through - this.low + 1} publishes not acked within ${timeoutMs} ms`)
    }
    if (this.failure !== undefined) throw new Error(this.failure)
  }

  /** Every publish so far acked (see {@link waitThrough}). */
  settle(timeoutMs: number): Promise<void> {
    return this.waitThrough(this.last, timeoutMs)
  }

  close(): void {
    this.sub.unsubscribe()
    this.fail('publisher closed')
  }
}
