// A hub on a fresh SQLite file, listening on a loopback port, for tests that speak real HTTP to it;
// `closeTestHubs` (in afterEach) stops every hub started and removes its folder. Also the member
// read token a private space asks for, got the way a client gets it.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { EventAuthor, SpaceId } from '@veche/core'
import { Ledger, nodeVerifier, openSqliteStore } from '@veche/store'
import { createHub } from '../hub.js'
import type { Hub, HubOptions } from '../hub.js'

export interface TestHub {
  readonly hub: Hub
  readonly ledger: Ledger
  /** http://127.0.0.1:<port> */
  readonly url: string
}

const running: (() => Promise<void>)[] = []

/** Starts a hub (no log unless given) on a fresh SQLite store. */
export async function startTestHub(
  options: Partial<Omit<HubOptions, 'ledger'>> = {},
): Promise<TestHub> {
  const dir = mkdtempSync(join(tmpdir(), 'veche-test-hub-'))
  const store = await openSqliteStore(join(dir, 'veche.db'))
  const ledger = new Ledger(store, nodeVerifier)
  let hub: Hub
  try {
    hub = await createHub({ log: false, ...options, ledger })
  } catch (error) {
    await store.close()
    rmSync(dir, { recursive: true, force: true })
    throw error
  }
  const url = await hub.app.listen({ host: '127.0.0.1', port: 0 })
  running.push(async () => {
    await hub.close()
    await store.close()
    rmSync(dir, { recursive: true, force: true })
  })
  return { hub, ledger, url }
}

/** Stops every hub started by `startTestHub`, newest first. */
export async function closeTestHubs(): Promise<void> {
  for (const close of running.splice(0).reverse()) await close()
}

/** A read token for `member` in `space`, by signing the hub's challenge. */
export async function readToken(url: string, space: SpaceId, member: EventAuthor): Promise<string> {
  const challenge = (await (
    await fetch(`${url}/api/auth/challenge`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ space }),
    })
  ).json()) as { nonce: string; statement: string }
  const signature = await member.signer.sign(new TextEncoder().encode(challenge.statement))
  const granted = await fetch(`${url}/api/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      space,
      key: member.publicKey,
      nonce: challenge.nonce,
      signature: Buffer.from(signature).toString('base64url'),
    }),
  })
  if (!granted.ok) throw new Error(`no token: ${granted.status} ${await granted.text()}`)
  return ((await granted.json()) as { token: string }).token
}
