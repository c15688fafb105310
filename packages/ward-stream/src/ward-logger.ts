/**
 * Where the ward services report what they do. Library code never writes to the console: the CLI
 * passes {@link jsonLineLogger} (one JSON object per line on stderr), tests pass a collector.
 */
export interface WardLogger {
  log(level: 'debug' | 'info' | 'warn' | 'error', event: string, fields?: Readonly<Record<string, unknown>>): void
}

/** A logger that drops everything (the default). */
export const silentLogger: WardLogger = { log: () => undefined }

/**
 * Structured logs: `{"t":"2026-…Z","level":"warn","event":"thresholds-defaulted",…}` per line through
 * `write` (the CLI passes `process.stderr.write`).
 */
export function jsonLineLogger(
  write: (line: string) => void,
  fields: Readonly<Record<string, unknown>> = {},
): WardLogger {
  return {
    log: (level, event, extra) => {
      write(`${JSON.stringify({ t: new Date().toISOString(), level, event, ...fields, ...extra })}\n`)
    },
  }
}
