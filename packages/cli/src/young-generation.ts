import { setFlagsFromString } from 'node:v8'

/**
 * The commands that read a whole recording, summarise it and exit. For them, memory matters more than
 * the last few per cent of speed (issue 19: `analyze` of a 7-day file, peak RSS).
 */
export const BATCH_COMMANDS: ReadonlySet<string> = new Set(['analyze'])

/**
 * Keeps V8's young generation at its starting size for the rest of this process.
 *
 * V8 doubles the new space (up to 16 MiB per semi-space on 64-bit Node 20) each time the bytes that
 * survived scavenges since the last growth exceed its capacity; a batch summary keeps a little alive
 * at every scavenge (its events, the detectors' windows), so the new space grows to the maximum and
 * that memory stays committed to the end. `--max-semi-space-size` cannot be changed once the heap
 * exists (`v8.setFlagsFromString` accepts it and nothing changes), but the growth factor is read each
 * time the new space would grow, so setting it to 1 here, in the process itself, takes effect: no
 * `NODE_OPTIONS` and no second process. Measured in README "Memory of a long recording".
 */
export function keepYoungGenerationSmall(): void {
  setFlagsFromString('--semi-space-growth-factor=1')
}
