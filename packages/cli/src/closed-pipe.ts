// A reader that stops early (`veche log --space S | head`) closes the pipe the command prints
// into: what is left to print is no longer wanted, and that is no fault. Without this, the next
// write fails with EPIPE and Node prints a stack trace. Whatever the command signed was stored
// before it printed, so ending then loses nothing.

/** Ends the run quietly, as `git log | head` does, when standard output's reader has gone. */
export function endQuietlyOnClosedPipe(): void {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error
    process.exit(0)
  })
}
