// Which command a `veche` command line names, read before anything is loaded: the program loads
// only that command (program.ts), and the bundled CLI runs the commands it does not hold from the
// compiled modules (bundle-main.ts). It imports nothing, so reading it costs nothing.

/** Global options followed by a value, which is therefore not a command's name. */
const GLOBAL_OPTIONS_WITH_VALUE: ReadonlySet<string> = new Set([
  '--data',
  '--as',
  '--passphrase-file',
  '--key-file',
])

/** The top-level command `argv` runs or asks help for (`veche help X` names X), or null. */
export function namedCommand(argv: readonly string[]): string | null {
  const operands: string[] = []
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string
    if (GLOBAL_OPTIONS_WITH_VALUE.has(arg)) i += 1
    else if (!arg.startsWith('-')) operands.push(arg)
    if (operands.length === (operands[0] === 'help' ? 2 : 1)) break
  }
  const [first, second] = operands
  return first === 'help' ? (second ?? null) : (first ?? null)
}

/**
 * What a run of `argv` goes by in the bundle's code cache (code-cache.ts): the command it names,
 * and `<command>-help` when it only asks that command's help (`veche help serve`, `veche serve
 * --help`), which compiles the help's functions and not the command's: named `serve`, it would
 * mark the chunks it loads as holding what `serve` runs, and a real `serve` would not add them.
 */
export function codeCacheCommand(argv: readonly string[]): string | null {
  const command = namedCommand(argv)
  if (command === null) return null
  let first: string | undefined
  for (let i = 0; i < argv.length && first === undefined; i++) {
    const arg = argv[i] as string
    if (GLOBAL_OPTIONS_WITH_VALUE.has(arg)) i += 1
    else if (!arg.startsWith('-')) first = arg
  }
  const asksHelp = first === 'help' || argv.includes('--help') || argv.includes('-h')
  return asksHelp ? `${command}-help` : command
}
