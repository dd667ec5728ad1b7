// Entry point of the `veche` binary. Files and folders it makes are its user's alone (0600, 0700):
// the modules that write say so explicitly, and the umask catches anything they do not.
import { endQuietlyOnClosedPipe } from './closed-pipe.js'
import { runCli } from './program.js'

process.umask(0o077)
endQuietlyOnClosedPipe()
process.exitCode = await runCli(process.argv.slice(2))
