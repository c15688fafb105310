import { phaseOf } from '../stagger.js'

/**
 * Items (a partition's patients) in `groups` groups by their key's phase (`phaseOf`), taken one group
 * per turn, round robin: a periodic sweep of every patient (checkpoint writes, arrival-time ticks) then
 * does 1/groups of the work per turn instead of all of it at once. Deterministic: the same keys make
 * the same groups in every process, so a worker taking a partition over keeps the rhythm.
 */
export class PhaseGroups<T> {
  private readonly members: T[][]
  private turn = 0

  constructor(readonly groups: number) {
    this.members = Array.from({ length: Math.max(1, Math.floor(groups)) }, () => [])
  }

  add(key: string, item: T): void {
    this.members[phaseOf(key, this.members.length)]!.push(item)
  }

  /** The group whose turn it is; the next call gives the next group. */
  next(): readonly T[] {
    const g = this.members[this.turn]!
    this.turn = (this.turn + 1) % this.members.length
    return g
  }
}

/**
 * The highest stream position a partition's floor may move to: `position`, but below the first
 * message of every patient whose checkpoint does not hold it yet (`firstUnsavedSeqs`, one per such
 * patient). A takeover replays from floor + 1, so that message, and everything after it, is replayed.
 */
export function floorBelowUnsaved(position: number, firstUnsavedSeqs: Iterable<number>): number {
  let floor = position
  for (const s of firstUnsavedSeqs) if (s - 1 < floor) floor = s - 1
  return floor
}
