/**
 * A small sorted multiset of numbers (capacity fixed), for sliding-window medians: insert and remove
 * are O(capacity) shifts, which for the 9-sample windows used here beats re-sorting every window.
 */
export class SortedWindow {
  private readonly values: Float64Array
  private size = 0

  constructor(capacity: number) {
    this.values = new Float64Array(capacity)
  }

  get length(): number {
    return this.size
  }

  clear(): void {
    this.size = 0
  }

  insert(v: number): void {
    const a = this.values
    let i = this.size - 1
    while (i >= 0 && a[i]! > v) {
      a[i + 1] = a[i]!
      i--
    }
    a[i + 1] = v
    this.size++
  }

  /** Removes one occurrence of `v` (which must be present). */
  remove(v: number): void {
    const a = this.values
    let i = 0
    while (i < this.size && a[i] !== v) i++
    for (; i < this.size - 1; i++) a[i] = a[i + 1]!
    this.size--
  }

  /** The k-th smallest (0-based). */
  at(k: number): number {
    return this.values[k]!
  }

  /** The median; the mean of the middle two for an even size. */
  median(): number {
    const m = this.size >> 1
    return this.size % 2 === 1 ? this.values[m]! : (this.values[m - 1]! + this.values[m]!) / 2
  }
}
