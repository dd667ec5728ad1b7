// The `veche` command tree. Global options: --data DIR (default ./veche-data), --as NAME (the local
// identity that acts), --json (machine-readable output from every command that prints).
// A run loads only the command it names (see command-catalogue.ts); every other command is a
// stand-in with the catalogue's name and description, enough for the help and for commander's
// "did you mean" on a mistyped name.
import { Command, CommanderError } from './commander.js'
import { CliError } from './cli-error.js'
import { terminalSafe } from './terminal-text.js'
import { COMMAND_CATALOGUE, commandName } from './command-catalogue.js'
import { namedCommand } from './program-args.js'

export { namedCommand }

/**
 * The command tree with the commands named in `load` built for real ('all': every one) and the
 * rest as stand-ins from the catalogue.
 */
export async function buildProgram(load: 'all' | ReadonlySet<string>): Promise<Command> {
  const program = new Command('veche')
    .description("Veche: signed, verifiable decisions for people's assemblies")
    .option('--data <dir>', 'the data folder', './veche-data')
    .option('--as <name>', 'the local identity that acts (default: the only one)')
    .option('--json', 'print JSON')
    .option('--passphrase-file <file>', "the data folder's passphrase (or VECHE_PASSPHRASE)")
    .option('--key-file <file>', "the data folder's key file, instead of a passphrase")
    .exitOverride()
  const terms = new Map<Command, string>()
  const commands = await Promise.all(
    COMMAND_CATALOGUE.map(async (entry) => {
      const name = commandName(entry)
      if (load === 'all' || load.has(name)) return entry.load()
      const standIn = new Command(name).description(entry.description)
      terms.set(standIn, entry.term)
      return standIn
    }),
  )
  for (const command of commands) program.addCommand(command)
  const help = program.createHelp()
  program.configureHelp({
    subcommandTerm: (command) => terms.get(command) ?? help.subcommandTerm(command),
  })
  return program
}

/** Runs the CLI on `argv`; returns the exit code. */
export async function runCli(argv: readonly string[]): Promise<number> {
  const named = namedCommand(argv)
  const program = await buildProgram(new Set(named === null ? [] : [named]))
  const override = (command: Command): void => {
    command.exitOverride()
    command.commands.forEach(override)
  }
  override(program)
  try {
    await program.parseAsync([...argv], { from: 'user' })
    return typeof process.exitCode === 'number' ? process.exitCode : 0
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode
    if (error instanceof CliError) {
      process.stderr.write(`veche: ${terminalSafe(error.message)}\n`)
      return error.exitCode
    }
    throw error
  }
}
