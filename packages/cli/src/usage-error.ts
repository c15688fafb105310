/** Thrown by argument parsing inside a command; `main` turns it into one line and exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError'
}
