/** A command line the CLI cannot act on: its message is shown with the usage, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError'
}
