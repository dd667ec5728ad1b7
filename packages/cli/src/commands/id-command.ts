// `veche id new NAME`, `veche id list`: local key pairs.
import { Command } from '../commander.js'
import { createIdentity, listIdentities, loadIdentity } from '../identities.js'
import { withContext } from '../run-command.js'

export function idCommand(): Command {
  const id = new Command('id').description('local identities (Ed25519 key pairs)')
  id.command('new')
    .argument('<name>', 'a name for the identity on this device')
    .description(
      'make a key pair, stored 0600 in the data folder (sealed under the passphrase if one is given); prints the public key',
    )
    .action(
      withContext((ctx, name: string) => {
        const identity = createIdentity(ctx.dataDir, name, ctx.passphrase())
        ctx.print({ name, publicKey: identity.publicKey }, () => identity.publicKey)
      }),
    )
  id.command('list')
    .description('the identities in the data folder')
    .action(
      withContext((ctx) => {
        const all = listIdentities(ctx.dataDir).map((name) => ({
          name,
          publicKey: loadIdentity(ctx.dataDir, name).publicKey,
        }))
        // An empty folder says so, and how to begin (often it is the wrong --data).
        ctx.print(all, () =>
          all.length === 0
            ? `no identity in ${ctx.dataDir} yet; make one with \`veche id new NAME\``
            : all.map((i) => `${i.name}\t${i.publicKey}`).join('\n'),
        )
      }),
    )
  return id
}
