// commander, loaded with `require`: it is a CommonJS package, and importing it as ESM makes Node
// run its CommonJS export scanner (a WebAssembly module compiled at first use) before the first
// command starts, about 6 ms of CPU of every `veche` run. Every module of the CLI takes commander
// from here, so it is loaded once, one way.
import { createRequire } from 'node:module'
import type * as Commander from 'commander'

const commander = createRequire(import.meta.url)('commander') as typeof Commander

export const Command = commander.Command
export type Command = Commander.Command
export const CommanderError = commander.CommanderError
export type CommanderError = Commander.CommanderError
export const InvalidArgumentError = commander.InvalidArgumentError
export type InvalidArgumentError = Commander.InvalidArgumentError
export const Option = commander.Option
export type Option = Commander.Option
