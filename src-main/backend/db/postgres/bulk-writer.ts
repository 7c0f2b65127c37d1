import type { DB } from '@db/schema'
import { CompiledQuery, type Kysely } from 'kysely'
import type { BulkTable, BulkWriter } from '../storage/types'

// The server mode's bulk writer (../storage/types.ts): a round trip per row
// would make the demo's million rows hours long. The ids are drawn from each
// table's sequence beforehand, by the thousand in one query (reserve), so
// that insert() gives the id at once, as SQLite does, and keeps the row;
// flush() sends the kept rows as multi-row INSERTs, tables in the order they
// were opened (a parent's rows before its children's: foreign keys are
// checked at each statement).

/** PostgreSQL's limit on the parameters of one statement. */
const MAX_PARAMETERS = 65_535
/** Rows per INSERT at most, whatever the columns: a longer statement saves nothing measurable. */
const MAX_ROWS = 2_000

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/

class PostgresBulkTable implements BulkTable {
  private sequence: string | null = null
  private ids: number[] = []
  private nextId = 0
  private values: unknown[] = []
  private rows = 0
  private readonly rowsPerInsert: number
  /** The INSERT's text by number of rows (all but the last of a flush have rowsPerInsert). */
  private readonly texts = new Map<number, string>()

  constructor(
    private readonly trx: Kysely<DB>,
    private readonly name: string,
    private readonly columns: readonly string[],
  ) {
    for (const n of [name, ...columns])
      if (!IDENTIFIER.test(n)) throw new Error(`bulk writer: ${n} is not a plain SQL name`)
    if (columns.includes('id')) throw new Error('bulk writer: the id is the writer’s, not a column to give')
    this.rowsPerInsert = Math.min(MAX_ROWS, Math.floor(MAX_PARAMETERS / (columns.length + 1)))
  }

  async reserve(rows: number): Promise<void> {
    if (rows <= 0) return
    this.sequence ??= await this.sequenceName()
    const { rows: drawn } = await this.trx.executeQuery<{ id: number }>(
      CompiledQuery.raw('SELECT nextval($1::regclass) AS id FROM generate_series(1, $2)', [
        this.sequence,
        rows,
      ]),
    )
    // What is left of an earlier reservation comes first, in order.
    this.ids = this.ids.slice(this.nextId)
    for (const row of drawn) this.ids.push(Number(row.id))
    this.nextId = 0
  }

  insert(values: readonly unknown[]): number {
    if (this.nextId >= this.ids.length)
      throw new Error(`bulk writer: no id reserved for this row of ${this.name} (reserve() first)`)
    if (values.length !== this.columns.length)
      throw new Error(
        `bulk writer: ${values.length} values for the ${this.columns.length} columns of ${this.name}`,
      )
    const id = this.ids[this.nextId++]
    this.values.push(id)
    for (const value of values) this.values.push(value)
    this.rows++
    return id
  }

  async flush(): Promise<void> {
    const width = this.columns.length + 1
    let sent = 0
    while (sent < this.rows) {
      const count = Math.min(this.rowsPerInsert, this.rows - sent)
      const parameters = this.values.slice(sent * width, (sent + count) * width)
      await this.trx.executeQuery(CompiledQuery.raw(this.text(count), parameters))
      sent += count
    }
    this.values = []
    this.rows = 0
  }

  private text(rows: number): string {
    let text = this.texts.get(rows)
    if (text) return text
    const width = this.columns.length + 1
    const tuples: string[] = []
    for (let r = 0; r < rows; r++) {
      const placeholders: string[] = []
      for (let c = 1; c <= width; c++) placeholders.push(`$${r * width + c}`)
      tuples.push(`(${placeholders.join(', ')})`)
    }
    text = `INSERT INTO ${this.name} (id, ${this.columns.join(', ')}) VALUES ${tuples.join(', ')}`
    if (rows === this.rowsPerInsert) this.texts.set(rows, text)
    return text
  }

  private async sequenceName(): Promise<string> {
    const { rows } = await this.trx.executeQuery<{ sequence: string | null }>(
      CompiledQuery.raw("SELECT pg_get_serial_sequence($1, 'id') AS sequence", [this.name]),
    )
    const sequence = rows[0]?.sequence
    if (!sequence) throw new Error(`bulk writer: ${this.name}.id has no sequence`)
    return sequence
  }
}

/** The bulk writer of the transaction `trx` (serializable(), ./transaction.ts). */
export function postgresBulkWriter(trx: Kysely<DB>): BulkWriter {
  if (!trx.isTransaction) throw new Error('the bulk writer writes inside its transaction only')
  const tables: PostgresBulkTable[] = []
  return {
    table(name, columns) {
      const table = new PostgresBulkTable(trx, name, columns)
      tables.push(table)
      return table
    },
    async flush() {
      for (const table of tables) await table.flush()
    },
  }
}
