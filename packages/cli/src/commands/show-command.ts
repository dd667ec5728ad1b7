// `veche show` (the state of a space) and `veche log` (its events).
import { Command } from '../commander.js'
import { describeSpace, hashSpaceState, lookAlikeOptions, markLookAlikes } from '@veche/core/replay'
import type { SignedEvent, SpaceId, SpaceState, SpaceView } from '@veche/core'
import { withContext } from '../run-command.js'
import { councilNames, seatedDelegateList } from './council-names.js'
import { keyLabels } from './key-names.js'
import type { KeyLabel } from './key-names.js'
import { describeResult, unseatedLine } from './result-text.js'

export function showCommand(): Command {
  return new Command('show')
    .description('the state of a space: members, proposals, polls and results')
    .requiredOption('--space <id>', 'the space id')
    .action(
      withContext(async (ctx, opts: { space: string }) => {
        const state = await ctx.space(opts.space)
        const described = describeSpace(state)
        const hash = hashSpaceState(state)
        const view = { ...described, members: markLookAlikes(described.members) }
        // Secret polls: how many one-time keys have a ballot held here (never what they say).
        const held = secretHeld(state)
        // An election's options are members' keys: printed as their names.
        // A council's voters are its seated delegates, not its members (only the convenor is one):
        // named as `veche council show` names them, with the member space each sits for.
        const council = state.council === null ? null : await councilNames(ctx, state)
        const seated = state.council === null ? null : seatedDelegateList(state.council)
        const label = council?.label ?? keyLabels([state])
        const json = {
          ...view,
          hash,
          ...(Object.keys(held).length > 0 ? { held } : {}),
          ...(seated === null ? {} : { seated }),
        }
        ctx.print(json, () => {
          const a = view.assembly!
          const lines = [
            `${a.name} (space ${view.space})`,
            `state ${hash} after ${view.events} events`,
          ]
          if (a.description !== '') lines.push(a.description)
          const members = Object.entries(view.members).filter(([, m]) => m.status === 'active')
          lines.push('', `Members (${members.length}):`)
          for (const [key, m] of members) {
            const roles = m.roles.length > 0 ? ` [${m.roles.join(', ')}]` : ''
            lines.push(`  ${m.name}${roles}  ${key}`)
            // A name that looks like another member's: say so, with the other keys to tell them apart.
            if ('looksLike' in m)
              lines.push(
                `    ! looks like the name of ${m.looksLike.map((k) => `${k.slice(0, 8)}…`).join(', ')}`,
              )
          }
          if (seated !== null && council !== null) {
            lines.push('', `Seated delegates, the voters (${seated.length}):`)
            for (const d of seated)
              lines.push(`  ${council.label(d.key)} for ${council.spaceName(d.space)}`)
          }
          const proposals = Object.entries(view.proposals)
          lines.push('', `Proposals (${proposals.length}):`)
          for (const [id, p] of proposals) {
            lines.push(
              `  ${id}  "${p.title}" ${p.status}, ${p.versions} version(s), ${p.comments} comment(s)`,
            )
          }
          const polls = Object.entries(view.polls)
          lines.push('', `Polls (${polls.length}):`)
          for (const [id, p] of polls) {
            if (p.secret !== undefined) {
              lines.push(...secretPollLines(id, p, held[id] ?? 0, label))
              continue
            }
            lines.push(`  ${id}  "${p.question}" (${p.method}) ${p.status}, ${p.voters} voter(s)`)
            // Options a voter could not tell apart, in a space whose rules still took them.
            const alike = lookAlikeOptions(p.options)
            if (alike !== null) lines.push(`    ! ${alike}`)
            if (p.closesAt !== undefined)
              lines.push(`    ${deadlineLine(p.closesAt, p.status, Date.now())}`)
            if (p.status === 'closed')
              lines.push(`    ${describeResult(p.result, label).replace(/\n/g, '\n    ')}`)
            if (p.late !== undefined)
              lines.push(
                `    not counted: ${p.late.length} ballot(s) cast beyond the closer's view (${p.late.join(', ')})`,
              )
            const unseated = unseatedLine(p.result)
            if (unseated !== null) lines.push(`    ${unseated}`)
            // Two closes signed at once on two hubs: both stay in the log, the lowest id counts.
            for (const c of p.superseded ?? [])
              lines.push(
                `    superseded close ${c.close} by ${c.by.slice(0, 8)}…: ${c.sealed} ballot(s), ${describeResult(c.result, label).split('\n')[0]!} (close ${p.close!} has the lower id and counts)`,
              )
          }
          const statements = Object.entries(view.statements?.documents ?? {})
          if (statements.length > 0) lines.push('', `Statements (${statements.length}):`)
          for (const [id, st] of statements) {
            const languages = [st.language, ...Object.keys(st.translations)].join(', ')
            const cosigners = Object.keys(st.cosigners).length
            lines.push(
              `  ${id}  "${st.title}" v${st.version} ${st.status}, ${st.paragraphs.length} paragraph(s), ${languages}, ${cosigners} co-signer(s)`,
            )
          }
          const conversations = Object.entries(view.conversations ?? {})
          if (conversations.length > 0) lines.push('', `Conversations (${conversations.length}):`)
          for (const [id, c] of conversations) {
            const statements = Object.values(c.statements)
            const waiting = statements.filter((st) => st.status === 'submitted').length
            lines.push(
              `  ${id}  "${c.question}" ${c.status}, ${statements.length} statement(s) (${waiting} waiting), ${c.participants} participant(s)${c.source === null ? '' : ', imported from Pol.is'}`,
            )
            for (const x of c.superseded ?? [])
              lines.push(
                `    superseded close ${x.close} by ${x.by.slice(0, 8)}… (close ${c.closedBy!} has the lower id and counts)`,
              )
          }
          return lines.join('\n')
        })
      }),
    )
}

export function logCommand(): Command {
  return new Command('log')
    .description('the events of a space, in the order this hub accepted them')
    .requiredOption('--space <id>', 'the space id')
    .action(
      withContext(async (ctx, opts: { space: string }) => {
        await ctx.space(opts.space)
        const ledger = await ctx.ledger()
        const rows: { position: number; id: string; event: SignedEvent }[] = []
        for await (const stored of ledger.store.read(opts.space as SpaceId)) {
          rows.push({
            position: stored.position,
            id: stored.id,
            event: JSON.parse(stored.json) as SignedEvent,
          })
        }
        ctx.print(rows, () =>
          rows
            .map(
              ({ id, event }) =>
                `${new Date(event.at).toISOString()}  ${event.author.slice(0, 8)}…#${event.seq}  ${event.type}  ${id}`,
            )
            .join('\n'),
        )
      }),
    )
}

/** A poll's deadline as `show` prints it (the time in UTC, so it reads the same anywhere). */
export function deadlineLine(closesAt: number, status: string, now: number): string {
  const when = new Date(closesAt).toISOString().replace('.000Z', 'Z')
  if (status === 'closed') return `deadline ${when}`
  if (now <= closesAt) return `closes at ${when}`
  return `voting ended at ${when}; waiting for a facilitator to close it`
}

/** A secret poll's deadline: its end is the opener's seal (docs/events.md, "Deadlines"). */
function secretDeadlineLine(closesAt: number, phase: string, now: number): string {
  const when = new Date(closesAt).toISOString().replace('.000Z', 'Z')
  if (phase === 'sealed' || phase === 'counted') return `deadline ${when}`
  if (now <= closesAt) return `closes at ${when}`
  return `voting ended at ${when}; waiting for the opener to seal it`
}

/** Per open secret poll, the one-time keys with a ballot held here (recasts count once). */
function secretHeld(state: SpaceState): Record<string, number> {
  const held: Record<string, number> = {}
  for (const poll of state.polls.values())
    if (poll.secret?.phase === 'open') held[poll.id] = poll.latest.size
  return held
}

/** A secret poll as `show` prints it: how far it is, the count held, never a ballot's content. */
function secretPollLines(
  id: string,
  p: SpaceView['polls'][string],
  held: number,
  label: KeyLabel,
): string[] {
  const s = p.secret!
  const lines = [
    `  ${id}  "${p.question}" (${p.method}) secret vote, ${s.phase}: ${s.requested.length} asked for a credential, ${s.issued} issued`,
  ]
  const alike = lookAlikeOptions(p.options)
  if (alike !== null) lines.push(`    ! ${alike}`)
  if (p.closesAt !== undefined)
    lines.push(`    ${secretDeadlineLine(p.closesAt, s.phase, Date.now())}`)
  if (s.phase === 'setup')
    lines.push("    waiting for the issuers' keys and the tellers' setup (`veche secret status`)")
  if (s.phase === 'open')
    lines.push(
      `    ${held} ballot(s) held; nobody can read them before the seal and the tellers' shares`,
    )
  if (s.phase === 'sealed')
    lines.push(
      `    sealed: ${p.sealed} ballot(s); ${s.revealed.length} of ${s.tellerQuorum} teller share(s) in`,
    )
  if (s.phase === 'counted') {
    const spoiled = s.spoiled?.length ?? 0
    lines.push(
      // The phase is on the poll's first line already.
      `    ${p.sealed} ballot(s) sealed and counted${spoiled > 0 ? `, ${spoiled} spoiled` : ''}`,
      `    ${describeResult(p.result, label).replace(/\n/g, '\n    ')}`,
    )
  }
  // Two seals signed at once on two hubs: both stay in the log, the lowest id counts.
  for (const c of p.superseded ?? [])
    lines.push(
      `    superseded seal ${c.close} by ${c.by.slice(0, 8)}…: ${c.sealed} ballot(s), ${describeResult(c.result, label).split('\n')[0]!} (seal ${p.close!} has the lower id and counts)`,
    )
  lines.push('    Secret vote: everyone sees who asked to take part; nobody sees how anyone voted.')
  return lines
}
