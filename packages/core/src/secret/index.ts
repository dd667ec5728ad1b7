// Secret ballots' cryptographic steps (docs/secret-ballot.md): the group, the tellers' joint key
// and their complaints, the ballot's encryption, and the voting credentials.
export * from './secret-group.js'
export * from './teller-key.js'
export * from './teller-complaint.js'
export * from './ballot-cipher.js'
export * from './blind-credential.js'
export * from './credential-check.js'
export * from './rsa-public-key.js'
