// Secret ballots' cryptographic steps (docs/secret-ballot.md): the group, the tellers' joint key
// and the ballot's encryption.
export * from './secret-group.js'
export * from './teller-key.js'
export * from './ballot-cipher.js'
