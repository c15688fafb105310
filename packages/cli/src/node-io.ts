import type { CommandIo } from './command.js'

/**
 * The real process as a `CommandIo`. A reader that closes standard output early (`openward analyze
 * --json x | head`) is a normal way to stop: EPIPE ends the process quietly with exit 0 instead of
 * an unhandled 'error' event and a stack trace.
 */
export function nodeIo(): CommandIo {
  if (!process.stdout.listeners('error').includes(onStdoutError)) process.stdout.on('error', onStdoutError)
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    cwd: process.cwd(),
    env: process.env,
    readStdin: async () => {
      const chunks: Buffer[] = []
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
      return new Uint8Array(Buffer.concat(chunks))
    },
  }
}

function onStdoutError(error: NodeJS.ErrnoException): void {
  if (error.code === 'EPIPE') process.exit(0)
  process.stderr.write(`openward: cannot write to standard output: ${error.message}\n`)
  process.exit(3)
}
