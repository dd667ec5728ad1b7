// What a PostgreSQL server keeps of a schema's writes, read as its superuser: every row of every
// table as text, and the write-ahead log's segments as the server holds them. The tests that
// check no secret ballot reaches the database search both.
import pg from 'pg'

/** Every row of every table of `schema`, as text. */
export async function schemaText(admin: pg.Client, schema: string): Promise<string> {
  const tables = await admin.query<{ tablename: string }>(
    'SELECT tablename FROM pg_tables WHERE schemaname = $1',
    [schema],
  )
  let text = ''
  for (const { tablename } of tables.rows) {
    const rows = await admin.query<{ row: string }>(
      `SELECT t::text AS row FROM ${schema}.${pg.escapeIdentifier(tablename)} AS t`,
    )
    text += rows.rows.map((r) => r.row).join('\n')
  }
  return text
}

/** The WAL segments from the one holding `lsn` to the current one, as the server has them. */
export async function walSince(admin: pg.Client, lsn: string): Promise<Buffer[]> {
  const names = await admin.query<{ name: string }>(
    `SELECT name FROM pg_ls_waldir() WHERE name ~ '^[0-9A-F]{24}$' ` +
      `AND name >= pg_walfile_name($1) AND name <= pg_walfile_name(pg_current_wal_lsn()) ` +
      `ORDER BY name`,
    [lsn],
  )
  const segments: Buffer[] = []
  for (const { name } of names.rows) {
    const read = await admin.query<{ bytes: Buffer }>(
      `SELECT pg_read_binary_file('pg_wal/' || $1) AS bytes`,
      [name],
    )
    segments.push(read.rows[0]!.bytes)
  }
  return segments
}

/** The server's current WAL position. */
export async function currentLsn(admin: pg.Client): Promise<string> {
  return (await admin.query<{ lsn: string }>('SELECT pg_current_wal_lsn() AS lsn')).rows[0]!.lsn
}
