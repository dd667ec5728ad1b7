// commander, loaded with `require`: it is a CommonJS package, and importing it as ESM makes Node
// run its CommonJS export scanner (a WebAssembly module compiled at first use) before the first
// command starts, about 6 ms of CPU of every `veche` run. Every module of the CLI takes commander
// from here, so it is loaded once, one way.
import { createRequire } from 'node:module'
import type * as Commander from 'commander'

const commander = createRequire(import.meta.url)('commander') as typeof Commander

/**
 * A space or event id (base64url, 22 or 43 characters): one in 64 starts with '-', and commander
 * would take it for an unknown option ("error: unknown option '-E5bV…'").
 */
const DASHED_ID = /^-[A-Za-z0-9_-]{21}(?:[A-Za-z0-9_-]{21})?$/

/**
 * commander's Command, except that an id starting with '-' given as an argument is an argument,
 * like every other id (an option's value already was), and that a mistyped or missing command,
 * option or argument is said as the CLI's other errors are: one line, `veche: …`, with the
 * `--help` that lists what the command takes. Every command of the CLI is one of these.
 */
class VecheCommand extends commander.Command {
  override createCommand(name?: string): VecheCommand {
    return new VecheCommand(name)
  }

  override error(message: string, options?: Commander.ErrorOptions): never {
    // commander's own messages start "error: " and put a suggestion on a line of its own.
    const what = message
      .replace(/^error: /, '')
      .replace(/\s*\n\s*/g, ' ')
      .replace(/\.$/, '')
    const hint = helpHint(this, options?.code)
    return super.error(`veche: ${what}${hint === null ? '' : `; ${hint}`}`, options)
  }

  override parseOptions(argv: string[]): Commander.ParseOptionsResult {
    const ids = new Map<string, string>()
    const masked = argv.map((arg, i) => {
      if (!DASHED_ID.test(arg)) return arg
      const before = argv[i - 1]
      const value =
        before !== undefined &&
        this.options.some(
          (option) =>
            (option.long === before || option.short === before) &&
            (option.required || option.optional),
        )
      if (value) return arg
      // Stands in for the id while commander reads the line: nothing typed starts with NUL.
      const standIn = `\u0000${ids.size}`
      ids.set(standIn, arg)
      return standIn
    })
    const result = super.parseOptions(masked)
    const unmask = (list: string[]): string[] => list.map((arg) => ids.get(arg) ?? arg)
    return { operands: unmask(result.operands), unknown: unmask(result.unknown) }
  }
}

/** The command line that names `command`, from `veche` down: `veche poll open`. */
function commandPath(command: Commander.Command): string {
  const names: string[] = []
  for (let c: Commander.Command | null = command; c !== null; c = c.parent) names.unshift(c.name())
  return names.join(' ')
}

/**
 * What to run after commander refused a command line (`code`: commander's error code), or null
 * when the message already says what is accepted (a value refused by its parser, or not among
 * the choices).
 */
function helpHint(command: Commander.Command, code: string | undefined): string | null {
  if (code === 'commander.invalidArgument') return null
  const help = `\`${commandPath(command)} --help\``
  if (command.parent === null)
    return code === 'commander.unknownCommand'
      ? `run ${help} to see every command`
      : `run ${help} to see every command and the global options`
  return code === 'commander.unknownCommand'
    ? `run ${help} to see its commands`
    : `run ${help} to see what it takes`
}

export const Command = VecheCommand
export type Command = Commander.Command
export const CommanderError = commander.CommanderError
export type CommanderError = Commander.CommanderError
export const InvalidArgumentError = commander.InvalidArgumentError
export type InvalidArgumentError = Commander.InvalidArgumentError
export const Option = commander.Option
export type Option = Commander.Option
