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
