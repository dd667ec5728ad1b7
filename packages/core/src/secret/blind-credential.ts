// Voting credentials: RSA blind signatures, RFC 9474 (RSABSSA-SHA384-PSS-Deterministic: RSA-PSS
// with SHA-384, MGF1-SHA-384 and a 48-byte salt, no message randomizer), through
// @cloudflare/blindrsa-ts, and WebCrypto for key handling; the checks and the verification are in
// credential-check.ts. An issuer's key is RSA-2048 with e = 65537, one per poll.
//
// The phone blinds the message naming its one-time key (RFC 9474 §4.2 Blind), the issuer signs it
// blind (§4.3 BlindSign, which checks its own result), the phone unblinds and checks the signature
// (§4.4 Finalize: a signature that does not verify is refused) and later shows it in its ballot,
// where anyone checks it as an ordinary RSASSA-PSS signature (§4.5). The deterministic variant is
// fit here because the message is never predictable: it holds a fresh one-time key (RFC 9474's
// security considerations on message entropy).
//
// Randomness: the blinding factor, the PSS salt and a new issuer key are drawn inside
// blindrsa-ts and WebCrypto with `crypto.getRandomValues`, the one exception to "core draws no
// randomness": none of them is recorded in the log or changes what any replay computes (the fold
// only verifies), and passing them in would mean rewriting the library's RSA steps by hand.
// The issuer's side here is the library's JavaScript path (about 0.5 s a signature), for
// browsers; on Node the hub and the CLI sign through OpenSSL (@veche/store's `nodeBlindSign`).
import { decodeBase64url, encodeBase64url } from '../base64url.js'
import { ISSUER_KEY_BYTES, buffer, importCredentialKey } from './credential-check.js'

// The checks of the protocol, here too so this module offers all of it (the rules should import
// them from credential-check.js, which does not load blindrsa-ts).
export {
  CREDENTIAL_SALT_BYTES,
  ISSUER_KEY_BYTES,
  checkBlindedMessage,
  checkBlindSignature,
  checkIssuerKey,
  credentialMessage,
  verifyCredential,
} from './credential-check.js'

const RSA_PSS = { name: 'RSA-PSS', hash: 'SHA-384' } as const

/**
 * The RFC 9474 suite. blindrsa-ts is loaded on first use, not with core: every `veche` command and
 * the web app's first page import core, and only the steps of a credential need the library.
 */
async function suite() {
  const { RSABSSA } = await import('@cloudflare/blindrsa-ts')
  return RSABSSA.SHA384.PSS.Deterministic()
}

/** A new issuer key pair: SPKI and PKCS#8 DER in base64url (randomness from WebCrypto). */
export async function generateIssuerKey(): Promise<{ publicKey: string; privateKey: string }> {
  const pair = await (
    await suite()
  ).generateKey({
    modulusLength: ISSUER_KEY_BYTES * 8,
    publicExponent: new Uint8Array([1, 0, 1]),
  })
  const [spki, pkcs8] = await Promise.all([
    crypto.subtle.exportKey('spki', pair.publicKey),
    crypto.subtle.exportKey('pkcs8', pair.privateKey),
  ])
  return {
    publicKey: encodeBase64url(new Uint8Array(spki)),
    privateKey: encodeBase64url(new Uint8Array(pkcs8)),
  }
}

/**
 * Blinds a credential message for an issuer (RFC 9474 §4.2): the blinded message to send and the
 * inverse to keep for `finalizeCredential`. Throws if the key is not an RSA public key that
 * `rsaPublicKeyModulus` reads.
 */
export async function blindCredential(
  issuerPublicKey: string,
  message: Uint8Array,
): Promise<{ blinded: string; inverse: string }> {
  const key = await importCredentialKey(issuerPublicKey)
  const { blindedMsg, inv } = await (await suite()).blind(key, message)
  return { blinded: encodeBase64url(blindedMsg), inverse: encodeBase64url(inv) }
}

/**
 * The issuer's blind signature on a blinded message (RFC 9474 §4.3), in JavaScript: slow (about
 * half a second), for browsers. Throws on a key that is not PKCS#8 RSA or a blinded message that
 * `checkBlindedMessage` refuses (requests are checked before an issuer answers them).
 */
export async function blindSignCredential(
  issuerPrivateKey: string,
  blinded: string,
): Promise<string> {
  const der = decodeBase64url(issuerPrivateKey)
  const m = decodeBase64url(blinded)
  if (der === null || m === null) throw new RangeError('blindSignCredential needs base64url')
  const key = await crypto.subtle.importKey('pkcs8', buffer(der), RSA_PSS, true, ['sign'])
  const { modulusLength } = key.algorithm as RsaHashedKeyAlgorithm
  if (m.length * 8 !== modulusLength) {
    throw new RangeError(`a blinded message for this key is ${modulusLength / 8} bytes`)
  }
  return encodeBase64url(await (await suite()).blindSign(key, m))
}

/**
 * Unblinds an issuer's blind signature into the credential (RFC 9474 §4.4) and checks it; null
 * when it does not verify (a wrong or malicious issuer answer) or has the wrong length.
 */
export async function finalizeCredential(
  issuerPublicKey: string,
  message: Uint8Array,
  blindSignature: string,
  inverse: string,
): Promise<string | null> {
  const key = await importCredentialKey(issuerPublicKey)
  const blindSig = decodeBase64url(blindSignature)
  const inv = decodeBase64url(inverse)
  if (blindSig === null || inv === null) return null
  const rsabssa = await suite()
  try {
    return encodeBase64url(await rsabssa.finalize(key, message, blindSig, inv))
  } catch {
    return null
  }
}
