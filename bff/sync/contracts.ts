/**
 * The contracts between the parts of the exchange (sync): source adapters read front-processor rows,
 * a layout maps them to library records, the engine writes them. Each part is built and tested on its
 * own against these types; change them here first, then in every part (DEVELOPERS.md § Sync).
 *
 * Values cross these boundaries as plain strings and numbers, never `Date`: source times stay in the
 * source's own text form ('2026-11-29 10:15:00' or with fractional seconds) until the mapping turns
 * them into ISO-8601 with the source's explicit offset, so no time zone or precision is lost on the
 * way (sync-anchors G7).
 */

/** One value as read from a front table or a drop file. Times are text. */
export type SourceValue = string | number | null;
export type SourceRow = Record<string, SourceValue>;

/** A column as the source describes it: for schema-drift detection and `govdock doctor`. */
export interface SourceColumn {
  name: string;
  /** The source's own type name, lower case ('varchar', 'datetime', 'text', 'int', …). */
  type: string;
  nullable: boolean;
  /** Character length for varchar-like columns. */
  length?: number;
}

/** Where a row came from: kept with quarantined rows so an operator can find it at the source. */
export interface SourcePosition {
  table: string;
  /** Keyset position for SQL sources. */
  cursorTime?: string;
  rowId?: string;
  /** Drop-folder position: file name, its SHA-256, 1-based line (CSV: data line after the header). */
  file?: string;
  fileHash?: string;
  line?: number;
}

export interface KeysetCursor {
  /** Change time as source text, compared in the source's own type. */
  time: string;
  /** Row id (row_guid) as text; ties on `time` are ordered by it. */
  id: string;
}

export interface KeysetPageRequest {
  table: string;
  /** Columns to read; all when omitted. */
  columns?: readonly string[];
  timeColumn: string;
  idColumn: string;
  /** Strictly after this (time, id); from the beginning when null. */
  after: KeysetCursor | null;
  /** Strictly before this source time: the run's upper bound, source-now minus the safety lag. */
  before: string;
  limit: number;
}

/**
 * A page of a first load (snapshot) in row-id order: rows strictly after `afterId` (from the first row
 * when null) whose change time is strictly before `before`. A front table is stored in primary-key
 * order, so a large backlog reads sequentially instead of one random lookup per row through the
 * (time, id) index (sync-engine.md § First load; measured 16× faster on MariaDB at 1.2M rows).
 */
export interface SnapshotPageRequest {
  table: string;
  columns?: readonly string[];
  timeColumn: string;
  idColumn: string;
  afterId: string | null;
  /** The snapshot's fixed upper bound (source text), kept for the whole snapshot across runs. */
  before: string;
  limit: number;
}

/** A SQL front processor (MySQL/MariaDB, PostgreSQL, or the embedded PGlite simulator). */
export interface SqlSource {
  readonly kind: 'mysql' | 'postgres' | 'pglite';
  /** For logs and reports: the URL with the password masked. */
  readonly description: string;
  /** The source clock, as source text in the configured source time zone. */
  now(): Promise<string>;
  /** Columns of a table, or null when the table does not exist. */
  columns(table: string): Promise<SourceColumn[] | null>;
  /** One keyset page ordered by (timeColumn, idColumn). */
  readPage(request: KeysetPageRequest): Promise<SourceRow[]>;
  /** One first-load page ordered by idColumn (see SnapshotPageRequest). */
  readSnapshotPage(request: SnapshotPageRequest): Promise<SourceRow[]>;
  /** Rows by id (retry-quarantine re-reads the source instead of keeping raw personal data). */
  readByIds(table: string, idColumn: string, ids: readonly string[]): Promise<SourceRow[]>;
  /** Shifts a source time text by seconds (look-back and safety lag), in source text form. */
  shiftTime(time: string, seconds: number): string;
  close(): Promise<void>;
}

/** A complete drop file (its `.ok` marker exists). */
export interface DropFile {
  /** File name without the folder, e.g. `up_pro_accept.B20261129T101500-0001.jsonl`. */
  name: string;
  /** Front-table name from the file name. */
  table: string;
  batch: string;
  format: 'jsonl' | 'csv';
  /** SHA-256 of the content, lower-case hex: the ledger key (applied_files.content_hash). */
  hash: string;
  size: number;
}

/** One line of a drop file: a row, or why the line is not a row (broken JSON, invalid UTF-8 …). */
export type DropLine =
  { line: number; row: SourceRow } | { line: number; error: { code: string; message: string }; raw: string };

export interface DropFolderSource {
  readonly kind: 'file';
  readonly description: string;
  /** Complete files not yet in the ledger order: by name (batch ids sort by time). */
  listReady(isApplied: (hash: string) => Promise<boolean>): Promise<DropFile[]>;
  /** Reads a file line by line with bounded memory. */
  readLines(file: DropFile): AsyncIterable<DropLine>;
  /** Moves an applied file (and its marker) to `done/` — only after the ledger row committed. */
  archive(file: DropFile): Promise<void>;
  /**
   * Re-reads one line (CSV: data record) of a file, archived or not, for retry-quarantine; null when
   * the file with that content hash or the line is gone. (Extension by the layouts/file-drop work.)
   */
  readLine?(file: { name: string; hash: string }, line: number): Promise<DropLine | null>;
  close(): Promise<void>;
}

export type FrontSource = SqlSource | DropFolderSource;

/** Why a row was refused. `code` is stable (tests and dashboards use it); `message` is plain Chinese. */
export interface RowProblem {
  code:
    | 'missing_required'
    | 'too_long'
    | 'unknown_code'
    | 'bad_date'
    | 'bad_number'
    | 'bad_area_code'
    | 'bad_credit_code'
    | 'bad_json'
    | 'bad_csv'
    | 'bad_encoding'
    | 'duplicate_in_page'
    | 'unknown_operation'
    | 'orphan_timeout'
    | 'write_failed';
  /** The source column (or target field) concerned. */
  field?: string;
  message: string;
}

/**
 * A library record produced from one source row. The engine upserts it into `target` on
 * `conflictKey`, only if `version` is not older than what is stored (version-guarded upsert).
 */
export interface LibraryRecord {
  /** Library table, e.g. 'case_acceptances', 'case_process_steps', 'items', 'item_materials'. */
  target: string;
  /** Columns forming the upsert conflict target, e.g. ['project_no'] or ['source', 'source_row_guid']. */
  conflictKey: readonly string[];
  /** Column → value, JSON-compatible; timestamps as ISO-8601 text with offset. */
  values: Record<string, unknown>;
  /** Version order: change time (ISO with offset) then an optional source version number. */
  version: { changedAt: string; sourceVersion?: number | null };
  operation: 'upsert' | 'delete';
  /**
   * A parent that must exist before this record can be written (e.g. an item for its materials).
   * Records whose parent is missing wait in `sync_pending` and are written when the parent arrives.
   */
  parent?: {
    target: string;
    key: Record<string, string>;
    /**
     * Child column ← parent column, copied from the parent row when the record is written: an item's
     * children know only the basic row's row_guid (task_guid), the FK needs `items.code`
     * (`{ item_code: 'code' }`). A delete whose parent is missing has nothing to delete. Until the
     * parent is found the filled columns are unknown, so such records are told apart (page dedup,
     * pending, replaceScope) by their parent key together with their own values.
     */
    fill?: Readonly<Record<string, string>>;
  };
  /**
   * How the record is written (absent = 'upsert'). 'update' changes only an existing row found by
   * `conflictKey` and never inserts: a second stream that owns some columns of a row another stream
   * creates (up_task_general_extend → items). Such a record sets only its own columns — never the
   * `source_*` trace columns, which belong to the creating stream — and is therefore not version-guarded
   * against that row's `source_changed_at`; its own stream's cursor order makes the latest version win.
   * It carries `parent` = the same row so the engine holds it until the row exists.
   */
  write?: 'upsert' | 'update';
  /**
   * Set-valued children sent as a whole list (themes from a comma list, materials nested in a Guangdong
   * AUDIT_ITEM): the records one source row maps to that share the values of these columns (e.g.
   * ['item_code', 'audience']) are the complete set; stored rows of `target` in that scope that are not
   * among them are deleted in the same transaction. An empty list is sent as one `operation: 'delete'`
   * record whose values hold only the scope columns ("this scope is now empty").
   */
  replaceScope?: readonly string[];
}

export type MapResult = { ok: true; records: LibraryRecord[] } | { ok: false; problems: RowProblem[] };

/** One stream: one front table (or file table) mapped to library records. */
export interface StreamDefinition {
  /** Stable name, e.g. 'up_pro_accept'; the sync_state key is `<source id>:<name>`. */
  name: string;
  /** Schedule group: items hourly, cases every minute, evaluations every 5 minutes (config). */
  kind: 'items' | 'cases' | 'evaluations' | 'organisations' | 'replies' | 'notices';
  sourceTable: string;
  cursor: { timeColumn: string; idColumn: string };
  /** Columns that must exist at the source: a missing one stops this stream (schema drift). */
  requiredColumns: readonly string[];
  /** Columns the mapping knows; any other source column is reported as added and kept in `extra`. */
  knownColumns: readonly string[];
  /** The columns the layout expects, with types and lengths: for `govdock doctor`. (Extension.) */
  expectedColumns?: readonly SourceColumn[];
  /**
   * A copy of a source row safe to keep in quarantine: ID numbers and mobiles masked (pii.ts), in the
   * columns the layout marks as personal and anywhere in free text. (Extension.)
   */
  redact?(row: SourceRow): SourceRow;
  /** Pure: the same row always maps to the same records. */
  map(row: SourceRow, context: MapContext): MapResult;
}

export interface MapContext {
  /** Source id (e.g. 'p23' or the configured source name) written to `source` columns. */
  source: string;
  /** Keyed hash for ID numbers and credit codes (privacy/pii.ts applicantKeyHash with the configured key). */
  keyHash(idNumber: string): string;
  /** The source time zone, e.g. '+08:00' (times without an offset are read in it). */
  sourceTimeZone: string;
  /**
   * caseLookup.idTailLength: how many last characters of the ID number the anonymous case lookup asks
   * for. The lookup hash a layout computes must use the same N as the API, so it comes from the
   * configuration, not from the layout file. (Extension.)
   */
  caseLookupIdTailLength?: number;
}

/** A layout: all streams of one front-processor dialect (national `up_*`, Guangdong `AUDIT_ITEM` …). */
export interface Layout {
  name: string;
  streams: readonly StreamDefinition[];
}

/** Counts of one stream run, as kept in sync_runs and shown to operators. */
export interface RunCounts {
  read: number;
  inserted: number;
  updated: number;
  unchanged: number;
  deleted: number;
  quarantined: number;
  pending: number;
}

export type RunStatus = 'running' | 'succeeded' | 'failed' | 'skipped';

export interface RunSummary {
  runId: number | null;
  stream: string;
  status: RunStatus;
  counts: RunCounts;
  startedAt: string;
  finishedAt: string | null;
  /** Seconds between source-now and the newest merged change time. */
  lagSeconds: number | null;
  error: string | null;
}

export interface RunProgress {
  stream: string;
  pages: number;
  counts: RunCounts;
  /** Rows left at the source below the run's upper bound, when cheaply known. */
  remaining?: number;
}

export interface RunOptions {
  /** Ignore the cursor and re-read everything (still idempotent). */
  full?: boolean;
  onProgress?: (progress: RunProgress) => void;
  signal?: AbortSignal;
}

/** What the scheduler, the CLI and the operator API call. */
export interface SyncService {
  readonly streams: readonly string[];
  /** Runs one stream, or every stream of a kind, or all when omitted. One writer per stream. */
  run(target?: string, options?: RunOptions): Promise<RunSummary[]>;
  /** Re-applies open quarantined rows (after a mapping fix) by re-reading them at the source. */
  retryQuarantine(stream?: string): Promise<{ retried: number; resolved: number; stillFailing: number }>;
  close(): Promise<void>;
}
