/** One minute of the sparkline. */
export interface MinutePoint {
  readonly minuteStartMs: number
  /** `null` when the minute had no valid SpO2. */
  readonly meanSpo2: number | null
}

const MINUTE_MS = 60_000
const EMPTY = 0
const NO_VALUE = 1
const VALUE = 2

/**
 * The last `capacity` minutes of one patient's per-minute mean SpO2, in arrays allocated once: a
 * minute's slot is its minute number modulo `capacity`, so the newest minute overwrites the one
 * `capacity` minutes older and the memory of a board does not grow while the first hour fills.
 * Minutes may arrive out of order (a replay); one older than the window of the newest is dropped.
 */
export class MinuteRing {
  private readonly startMs: Float64Array
  private readonly mean: Float64Array
  private readonly kind: Uint8Array
  private newestMinute = -Infinity
  /** Bumped on every change (the view redraws a sparkline only when this moved). */
  version = 0

  readonly capacity: number

  /** `capacity` minutes (a whole number, at least 1: anything else is rounded down, to 1 at least). */
  constructor(capacity: number) {
    this.capacity = Number.isFinite(capacity) ? Math.max(1, Math.floor(capacity)) : 1
    this.startMs = new Float64Array(capacity)
    this.mean = new Float64Array(capacity)
    this.kind = new Uint8Array(capacity)
  }

  /** Stores one minute (replacing an earlier value of the same minute); `false` when it is too old to keep. */
  set(minuteStartMs: number, meanSpo2: number | null): boolean {
    if (!Number.isFinite(minuteStartMs)) return false
    const minute = Math.floor(minuteStartMs / MINUTE_MS)
    if (minute <= this.newestMinute - this.capacity) return false
    const slot = this.slotOf(minute)
    // The slot may hold a minute `capacity` (or more) older: outside the window once this one is in.
    if (this.kind[slot] !== EMPTY && Math.floor(this.startMs[slot]! / MINUTE_MS) > minute) return false
    this.startMs[slot] = minuteStartMs
    this.kind[slot] = meanSpo2 === null ? NO_VALUE : VALUE
    this.mean[slot] = meanSpo2 ?? 0
    if (minute > this.newestMinute) this.newestMinute = minute
    this.version++
    return true
  }

  /** The newest minute, `null` before the first. */
  newest(): MinutePoint | null {
    return this.newestMinute === -Infinity ? null : this.at(this.newestMinute)
  }

  /** The newest minute's mean SpO2, `null` before the first minute or when it had no valid SpO2. */
  newestMean(): number | null {
    if (this.newestMinute === -Infinity) return null
    const slot = this.slotOf(this.newestMinute)
    return this.kind[slot] === VALUE ? this.mean[slot]! : null
  }

  /** Calls `f` for every stored minute of the window, oldest first, without allocating. */
  forEach(f: (minuteStartMs: number, meanSpo2: number | null) => void): void {
    if (this.newestMinute === -Infinity) return
    for (let m = this.newestMinute - this.capacity + 1; m <= this.newestMinute; m++) {
      const slot = this.slotOf(m)
      if (this.kind[slot] === EMPTY || Math.floor(this.startMs[slot]! / MINUTE_MS) !== m) continue
      f(this.startMs[slot]!, this.kind[slot] === VALUE ? this.mean[slot]! : null)
    }
  }

  /** The stored minutes, oldest first (a copy). */
  toArray(): MinutePoint[] {
    const out: MinutePoint[] = []
    this.forEach((minuteStartMs, meanSpo2) => out.push({ minuteStartMs, meanSpo2 }))
    return out
  }

  private slotOf(minute: number): number {
    return ((minute % this.capacity) + this.capacity) % this.capacity
  }

  private at(minute: number): MinutePoint | null {
    const slot = this.slotOf(minute)
    if (this.kind[slot] === EMPTY) return null
    return { minuteStartMs: this.startMs[slot]!, meanSpo2: this.kind[slot] === VALUE ? this.mean[slot]! : null }
  }
}
