// The PostgreSQL channel on which the hub processes sharing one schema tell each other of appends
// (LISTEN/NOTIFY). Named after the schema, so hubs on different schemas of one database do not
// hear each other. A notification's payload is `<space> <position>`: the space written to and its
// last position after the append.

/** The channel of `schema`'s appends. */
export function appendChannel(schema: string): string {
  return `veche_events:${schema}`
}
