// Why replicating with another hub failed, and what to do about it: one explanation for
// `veche sync` and `veche serve --peer` alike (docs/sync.md). A failure is told by its cause: the
// connection's error code (nothing listening, no such host, a machine that does not answer, a
// certificate Node does not trust or that names another host, plain HTTP at an https:// address)
// or the HTTP status the other hub answered with (no Veche hub at that path, a proof it did not
// take). Each gets a hint in a few words, and whether trying again as it is can help: a hub that
// is down comes back, an untrusted certificate stays untrusted.

/** What to do about a failure to replicate with another hub. */
export interface PeerAdvice {
  /** What to do, in a few words. */
  readonly hint: string
  /** Whether trying again unchanged may succeed (the other hub was down or busy). */
  readonly again: boolean
}

/**
 * Thrown when the other hub cannot be reached or answers with something unexpected; `advice`
 * says what to do, where the cause is known.
 */
export class SyncError extends Error {
  override readonly name = 'SyncError'
  readonly advice: PeerAdvice | undefined
  constructor(message: string, options?: { cause?: unknown; advice?: PeerAdvice }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause })
    this.advice = options?.advice
  }
}

/** OpenSSL's codes for a certificate that Node's TLS does not trust. */
const UNTRUSTED_CERTIFICATE = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
])

const PLAIN_HTTP = 'give it as http://ADDRESS:PORT instead'
/** Stands for fetch's refusal of a port browsers block, which carries no code of its own. */
const BAD_PORT = 'bad port'

/** Advice for a connection that failed with error `code` (Node's, OpenSSL's or undici's). */
function connectionAdvice(code: string): PeerAdvice | undefined {
  if (UNTRUSTED_CERTIFICATE.has(code)) {
    return {
      hint:
        'its certificate is not one Node trusts (a hub in a hall signs its own): ' +
        `${PLAIN_HTTP}, or set NODE_EXTRA_CA_CERTS to a copy of its DATA/tls/ca.pem (docs/sync.md)`,
      again: false,
    }
  }
  switch (code) {
    case 'ECONNREFUSED':
      return {
        hint:
          'nothing listens at that address and port: check that `veche serve` runs there and ' +
          'give the address it prints under "Join at"',
        again: true,
      }
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return {
        hint: 'no such host name from here: check its spelling, or give the hub by its IP address',
        again: code === 'EAI_AGAIN',
      }
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'EHOSTDOWN':
    case 'UND_ERR_CONNECT_TIMEOUT':
      return {
        hint:
          'the machine does not answer: check that both machines are on one network and that no ' +
          'firewall blocks the port',
        again: true,
      }
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return {
        hint:
          'its certificate names another host: give the hub by an address its certificate names ' +
          `(\`veche serve\` prints them under "Join at"), or ${PLAIN_HTTP}`,
        again: false,
      }
    case 'CERT_HAS_EXPIRED':
      return {
        hint: `its certificate has expired: its operator renews it; meanwhile ${PLAIN_HTTP}`,
        again: false,
      }
    case BAD_PORT:
      return {
        hint: 'Node does not connect to this port (browsers block it too): serve the hub on another, such as 8080',
        again: false,
      }
    case 'EPROTO':
    case 'ERR_SSL_WRONG_VERSION_NUMBER':
    case 'ERR_SSL_PACKET_LENGTH_TOO_LONG':
      return { hint: `it does not answer https:// there: ${PLAIN_HTTP}`, again: false }
    default:
      return undefined
  }
}

/** Advice for an answer with HTTP `status` (and the problem `code` a Veche hub gives). */
function answerAdvice(status: number, code: string | undefined): PeerAdvice | undefined {
  if (code === 'space.unknown') {
    return {
      hint: 'that hub holds no such space: check the space id (--space, --sync-space)',
      again: false,
    }
  }
  if (status === 401 || status === 403) {
    return {
      hint:
        'it wants a proof this hub did not give: for a private space give both hubs the same ' +
        '--replication-key SPACE=KEY (made by `veche replication-key SPACE`); for a process of the ' +
        'same cluster, the same --cluster-key-file; a reverse proxy in front of it must let /api/sync through',
      again: false,
    }
  }
  if (status === 404) {
    return {
      hint:
        'no Veche hub answers at that address: give the hub’s own address (http://ADDRESS:PORT, ' +
        'no path), as `veche serve` prints it under "Join at"',
      again: false,
    }
  }
  if (status === 429 || status === 503) {
    return { hint: 'that hub is busy or its storage is down for now', again: true }
  }
  if (status >= 500) return { hint: 'that hub failed: its own log says why', again: true }
  return undefined
}

/**
 * The connection error code in `error`'s causes (fetch says only "fetch failed"); fetch's refusal
 * of a port browsers block (9, 25, 6000…) has none, and is told by its message.
 */
function errorCode(error: unknown): string | undefined {
  for (let at = error, depth = 0; at !== undefined && at !== null && depth < 4; depth += 1) {
    if (typeof at === 'object' && 'code' in at && typeof at.code === 'string') return at.code
    if (at instanceof Error && at.message === 'bad port') return BAD_PORT
    at = typeof at === 'object' && 'cause' in at ? at.cause : undefined
  }
  return undefined
}

/**
 * The SyncError for a request to `base` that never got an answer. `fetch` says only "fetch
 * failed"; the reason (refused, no such host, an untrusted certificate) is in its cause, which
 * the message names and the advice is told by.
 */
export function unreachable(base: string, error: unknown): SyncError {
  const message = error instanceof Error ? error.message : String(error)
  const cause: unknown = error instanceof Error ? error.cause : undefined
  const reason = cause instanceof Error ? `${message} (${cause.message})` : message
  const code = errorCode(error)
  const advice = code === undefined ? undefined : connectionAdvice(code)
  return new SyncError(`cannot reach ${base}: ${reason}`, {
    cause: error,
    ...(advice === undefined ? {} : { advice }),
  })
}

/** What to do about `error`, a failure of a pass or of following a peer, where its cause is known. */
export function explainPeerFailure(error: unknown): PeerAdvice | undefined {
  if (error instanceof SyncError) return error.advice
  const code = errorCode(error)
  return code === undefined ? undefined : connectionAdvice(code)
}

/** The problem code in a Veche hub's error answer, if it is one. */
function problemCode(text: string): string | undefined {
  try {
    const body: unknown = JSON.parse(text)
    return typeof body === 'object' &&
      body !== null &&
      'code' in body &&
      typeof body.code === 'string'
      ? body.code
      : undefined
  } catch {
    return undefined
  }
}

/** The SyncError for `base` answering the request for `what` with error `status` and `text`. */
export function refused(base: string, what: string, status: number, text: string): SyncError {
  const advice = answerAdvice(status, problemCode(text))
  const said = text === '' ? '' : ` ${text.slice(0, 300)}`
  return new SyncError(`${base} refused ${what}: ${status}${said}`, {
    ...(advice === undefined ? {} : { advice }),
  })
}

/** Why a pass left out a private space this hub holds, with what to do. */
export const SKIPPED_PRIVATE =
  'private: the other hub did not prove it holds the replication key; give both hubs the same ' +
  '--replication-key SPACE=KEY (made by `veche replication-key SPACE`)'

/** Why a pass left out a space asked for by id, with what to do. */
export const SKIPPED_UNHELD =
  'neither hub holds it (or it is private and no key was proven); check the space id, or give ' +
  'both hubs the same --replication-key SPACE=KEY if it is private'
