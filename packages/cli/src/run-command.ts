// Runs a command's action with a Context built from the global options, closes the store after,
// and turns expected failures into a message and an exit code (no stack trace).
import type { Command } from 'commander'
import { Context } from './context.js'
import type { GlobalOptions } from './context.js'

type Action<A extends unknown[]> = (ctx: Context, ...args: A) => Promise<void> | void

/** Wraps an action: the last argument commander passes is the Command itself. */
export function withContext<A extends unknown[]>(action: Action<A>) {
  return async (...args: unknown[]): Promise<void> => {
    const command = args[args.length - 1] as Command
    const ctx = new Context(command.optsWithGlobals<GlobalOptions>())
    try {
      await ctx.load()
      await action(ctx, ...(args.slice(0, -1) as A))
    } finally {
      await ctx.close()
    }
  }
}
