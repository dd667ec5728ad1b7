// Entry point of the `veche` binary.
import { runCli } from './program.js'

process.exitCode = await runCli(process.argv.slice(2))
