import type { JetStreamManager, StoredMsg } from '@nats-io/jetstream'

/** Every message a stream holds now, in sequence order; none when the stream does not exist (yet, or any more). */
export async function streamMessages(jsm: JetStreamManager, stream: string): Promise<StoredMsg[]> {
  let state
  try {
    state = (await jsm.streams.info(stream)).state
  } catch {
    return []
  }
  const out: StoredMsg[] = []
  for (let seq = state.first_seq; seq <= state.last_seq && state.messages > 0; seq++) {
    const m = await jsm.streams.getMessage(stream, { seq })
    if (m !== null) out.push(m)
  }
  return out
}
