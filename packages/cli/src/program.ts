// The `veche` command tree. Global options: --data DIR (default ./veche-data), --as NAME (the local
// identity that acts), --json (machine-readable output from every command that prints).
import { Command, CommanderError } from 'commander'
import { CliError } from './cli-error.js'
import { admitCommand, assemblyCommand, proposeCommand } from './commands/assembly-command.js'
import { bundleCommand } from './commands/bundle-command.js'
import {
  councilCommand,
  countCommand,
  noticeCommand,
  reportCommand,
} from './commands/council-command.js'
import {
  delegateCommand,
  mandateCommand,
  recallCommand,
  referralCommand,
} from './commands/delegate-command.js'
import { demoCommand } from './commands/demo-command.js'
import { forkCommand, pendingCommand } from './commands/fork-command.js'
import { idCommand } from './commands/id-command.js'
import { inviteCommand, joinCommand } from './commands/invite-command.js'
import { opinionsCommand } from './commands/opinions-command.js'
import { pollCommand, voteCommand } from './commands/poll-command.js'
import { serveCommand } from './commands/serve-command.js'
import { statementCommand, verifyStatementCommand } from './commands/statement-command.js'
import { logCommand, showCommand } from './commands/show-command.js'
import { replicationKeyCommand, syncCommand } from './commands/sync-command.js'
import { tallyCommand } from './commands/tally-command.js'
import { exportCommand, importCommand } from './commands/transfer-command.js'
import { verifyCommand } from './commands/verify-command.js'

/** The whole command tree. */
export function buildProgram(): Command {
  const program = new Command('veche')
    .description("Veche: signed, verifiable decisions for people's assemblies")
    .option('--data <dir>', 'the data folder', './veche-data')
    .option('--as <name>', 'the local identity that acts (default: the only one)')
    .option('--json', 'print JSON')
    .showHelpAfterError()
    .exitOverride()
  for (const command of [
    idCommand(),
    demoCommand(),
    serveCommand(),
    assemblyCommand(),
    admitCommand(),
    inviteCommand(),
    joinCommand(),
    proposeCommand(),
    pollCommand(),
    voteCommand(),
    councilCommand(),
    noticeCommand(),
    reportCommand(),
    countCommand(),
    delegateCommand(),
    recallCommand(),
    mandateCommand(),
    referralCommand(),
    showCommand(),
    logCommand(),
    verifyCommand(),
    tallyCommand(),
    opinionsCommand(),
    exportCommand(),
    importCommand(),
    bundleCommand(),
    syncCommand(),
    replicationKeyCommand(),
    pendingCommand(),
    forkCommand(),
    statementCommand(),
    verifyStatementCommand(),
  ]) {
    program.addCommand(command)
  }
  return program
}

/** Runs the CLI on `argv`; returns the exit code. */
export async function runCli(argv: readonly string[]): Promise<number> {
  const program = buildProgram()
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
      process.stderr.write(`veche: ${error.message}\n`)
      return error.exitCode
    }
    throw error
  }
}
