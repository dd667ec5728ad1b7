// The catalogue of `veche` commands: each one's help line (name, options, arguments), its
// description, and how to load it. `veche --help` prints from here without loading any command,
// and a run loads only the module of the command it names, so starting stays fast however many
// commands there are. The definitions themselves stay in commands/*.ts; program.test.ts checks
// that every entry here says what its loaded command says.
import type { Command } from 'commander'

export interface CatalogueEntry {
  /** What `veche --help` shows before the description: the name, `[options]`, the arguments. */
  readonly term: string
  readonly description: string
  /** Imports the command's module and builds the command. */
  readonly load: () => Promise<Command>
}

/** Every top-level command, in the order `veche --help` lists them. */
export const COMMAND_CATALOGUE: readonly CatalogueEntry[] = [
  {
    term: 'id',
    description: 'local identities (Ed25519 key pairs)',
    load: async () => (await import('./commands/id-command.js')).idCommand(),
  },
  {
    term: 'demo',
    description: 'create a demo assembly in the data folder (once) and show it',
    load: async () => (await import('./commands/demo-command.js')).demoCommand(),
  },
  {
    term: 'encrypt [options]',
    description: 'encrypt the store and the identities under the passphrase or key file',
    load: async () => (await import('./commands/encrypt-command.js')).encryptCommand(),
  },
  {
    term: 'wipe [options]',
    description: 'destroy the key, identities, wallets and store of the data folder, at once',
    load: async () => (await import('./commands/wipe-command.js')).wipeCommand(),
  },
  {
    term: 'serve [options]',
    description: 'run a hub: the HTTP API and live streams, on this machine',
    load: async () => (await import('./commands/serve-command.js')).serveCommand(),
  },
  {
    term: 'assembly',
    description: 'assemblies',
    load: async () => (await import('./commands/assembly-command.js')).assemblyCommand(),
  },
  {
    term: 'admit [options]',
    description: 'admit a member by public key (facilitators only)',
    load: async () => (await import('./commands/assembly-command.js')).admitCommand(),
  },
  {
    term: 'invite [options]',
    description:
      'make an invitation code that lets new keys join an assembly; --list shows the invitations, --revoke ends one',
    load: async () => (await import('./commands/invite-command.js')).inviteCommand(),
  },
  {
    term: 'join [options] <code>',
    description: 'join an assembly with an invitation code',
    load: async () => (await import('./commands/invite-command.js')).joinCommand(),
  },
  {
    term: 'propose [options]',
    description: 'put a proposal before an assembly; prints the proposal id',
    load: async () => (await import('./commands/assembly-command.js')).proposeCommand(),
  },
  {
    term: 'poll',
    description: 'polls: open and close',
    load: async () => (await import('./commands/poll-command.js')).pollCommand(),
  },
  {
    term: 'vote [options]',
    description: 'cast (or recast) your ballot; the last ballot before the close counts',
    load: async () => (await import('./commands/poll-command.js')).voteCommand(),
  },
  {
    term: 'secret',
    description: 'secret polls: do what this identity owes them, and see where one stands',
    load: async () => (await import('./commands/secret-command.js')).secretCommand(),
  },
  {
    term: 'council',
    description: 'councils of delegates from member spaces',
    load: async () => (await import('./commands/council-command.js')).councilCommand(),
  },
  {
    term: 'notice [options]',
    description:
      "take note in a council of a member space's event (an election, a recall's close, a leave, a count, a mandate, a referral answer); any key; prints the event id",
    load: async () => (await import('./commands/council-command.js')).noticeCommand(),
  },
  {
    term: 'report [options]',
    description:
      "record a council's decision (a poll's or a referral's close) in a member space's feed",
    load: async () => (await import('./commands/council-command.js')).reportCommand(),
  },
  {
    term: 'count [options]',
    description:
      "record a space's active members now (in a council: its seated delegates), for proportional seats (facilitators)",
    load: async () => (await import('./commands/council-command.js')).countCommand(),
  },
  {
    term: 'delegate',
    description: "a space's delegates to a council",
    load: async () => (await import('./commands/delegate-command.js')).delegateCommand(),
  },
  {
    term: 'recall',
    description: 'recalling a delegate',
    load: async () => (await import('./commands/delegate-command.js')).recallCommand(),
  },
  {
    term: 'mandate [options]',
    description:
      "record how the space's delegates must vote on a council poll, by the space's adopted poll on exactly that (veche council poll --on mandate) (facilitators); prints the event id",
    load: async () => (await import('./commands/delegate-command.js')).mandateCommand(),
  },
  {
    term: 'referral',
    description: 'council motions referred to member spaces',
    load: async () => (await import('./commands/delegate-command.js')).referralCommand(),
  },
  {
    term: 'show [options]',
    description: 'the state of a space: members, proposals, polls and results',
    load: async () => (await import('./commands/show-command.js')).showCommand(),
  },
  {
    term: 'log [options]',
    description: 'the events of a space, in the order this hub accepted them',
    load: async () => (await import('./commands/show-command.js')).logCommand(),
  },
  {
    term: 'verify [options]',
    description:
      're-check every signature and rule from the start; prints "state <hash>" per space',
    load: async () => (await import('./commands/verify-command.js')).verifyCommand(),
  },
  {
    term: 'tally [options] <file>',
    description:
      'count a ballot file (.blt, Debian tally sheet or JSON ballots) and show every stage',
    load: async () => (await import('./commands/tally-command.js')).tallyCommand(),
  },
  {
    term: 'opinions',
    description: 'opinion maps of conversations by the Pol.is method',
    load: async () => (await import('./commands/opinions-command.js')).opinionsCommand(),
  },
  {
    term: 'export [options]',
    description: 'write every event of a space to a file, its held secret ballots too',
    load: async () => (await import('./commands/transfer-command.js')).exportCommand(),
  },
  {
    term: 'import <file>',
    description: 'import events from a file: verified, all or nothing, idempotent',
    load: async () => (await import('./commands/transfer-command.js')).importCommand(),
  },
  {
    term: 'bundle',
    description: 'carry events between hubs by hand: compressed, self-verifying files',
    load: async () => (await import('./commands/bundle-command.js')).bundleCommand(),
  },
  {
    term: 'sync [options] <url>',
    description: 'replicate with a running hub once: pull what this side lacks, push what it lacks',
    load: async () => (await import('./commands/sync-command.js')).syncCommand(),
  },
  {
    term: 'replication-key <space>',
    description: 'make a replication key for a private space, to hand to the hubs that may hold it',
    load: async () => (await import('./commands/sync-command.js')).replicationKeyCommand(),
  },
  {
    term: 'pending [options]',
    description: 'list the events held back until what they depend on arrives, and why',
    load: async () => (await import('./commands/fork-command.js')).pendingCommand(),
  },
  {
    term: 'fork',
    description: 'equivocation: two events by one author at one seq',
    load: async () => (await import('./commands/fork-command.js')).forkCommand(),
  },
  {
    term: 'statement',
    description: 'statements and resolutions: draft, amend, adopt, translate, co-sign, export',
    load: async () => (await import('./commands/statement-command.js')).statementCommand(),
  },
  {
    term: 'verify-statement <file>',
    description: 'check a statement proof file offline: every signature, the replay and the hash',
    load: async () => (await import('./commands/statement-command.js')).verifyStatementCommand(),
  },
]

/** The name a catalogue entry answers to (the first word of its term). */
export function commandName(entry: CatalogueEntry): string {
  return entry.term.split(' ', 1)[0] as string
}
