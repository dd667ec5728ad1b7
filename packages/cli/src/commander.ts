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
 * like every other id (an option's value already was). Every command of the CLI is one of these.
 */
class VecheCommand extends commander.Command {
  override createCommand(name?: string): VecheCommand {
    return new VecheCommand(name)
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

export const Command = VecheCommand
export type Command = Commander.Command
export const CommanderError = commander.CommanderError
export type CommanderError = Commander.CommanderError
export const InvalidArgumentError = commander.InvalidArgumentError
export type InvalidArgumentError = Commander.InvalidArgumentError
export const Option = commander.Option
export type Option = Commander.Option
