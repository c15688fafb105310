import type { CommandIo } from '../src/command.js'

/** A `CommandIo` that records what a command writes, for in-process CLI tests. */
export function captureIo(stdin: string | Uint8Array = '', cwd = process.cwd()) {
  let out = ''
  let err = ''
  const decoder = new TextDecoder()
  const text = (c: string | Uint8Array) => (typeof c === 'string' ? c : decoder.decode(c))
  const io: CommandIo = {
    stdout: { write: (c) => (out += text(c)), isTTY: false },
    stderr: { write: (c) => (err += text(c)), isTTY: false },
    readStdin: async () => (typeof stdin === 'string' ? new TextEncoder().encode(stdin) : stdin),
    cwd,
    env: {},
  }
  return { io, stdout: () => out, stderr: () => err }
}
