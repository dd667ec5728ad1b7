// Where an encrypted store keeps its key header, apart from store-key.ts (which parses the header
// with zod and derives keys): a command can then tell a plain store from an encrypted one without
// loading either.

/** Where the header of the store `file` lives. */
export function storeKeyHeaderFile(file: string): string {
  return `${file}.key`
}
