// A frame prepared for filtering, searching and sorting: per field its key, kind and lazily built text arrays.
import { type DataFrame, type Field, getFieldDisplayName } from '@grafana/data';

import { type FieldKind } from '../../shared/filterModel';
import { cellText, fieldKind, listValues, timeValue } from './text';

/** Fields the free-text search looks at by name (plus every string field except `url`). */
const SEARCHED_NUMBER_KEYS = new Set(['id']);
const UNSEARCHED_KEYS = new Set(['url']);

export class Column {
  readonly key: string;
  readonly name: string;
  readonly kind: FieldKind;
  readonly index: number;
  readonly field: Field;
  /** Whether a free search term looks at this column (docs/query-model.md "Search"). */
  readonly searched: boolean;
  private texts?: string[];
  private lowers?: string[];
  private numbers?: Float64Array;
  private valueLists?: string[][];

  constructor(field: Field, index: number, frame: DataFrame, frames?: DataFrame[]) {
    this.field = field;
    this.index = index;
    this.key = field.name;
    this.name = getFieldDisplayName(field, frame, frames);
    this.kind = fieldKind(field);
    this.searched =
      ((this.kind === 'string' || this.kind === 'list') && !UNSEARCHED_KEYS.has(this.key)) ||
      (this.kind === 'number' && SEARCHED_NUMBER_KEYS.has(this.key));
  }

  get length(): number {
    return this.field.values.length;
  }

  value(row: number): unknown {
    return this.field.values[row];
  }

  /** Cell texts as the filter model defines them (built once). */
  text(): string[] {
    if (!this.texts) {
      const values = this.field.values;
      const n = values.length;
      const out = new Array<string>(n);
      for (let i = 0; i < n; i++) {
        out[i] = cellText(this.kind, values[i]);
      }
      this.texts = out;
    }
    return this.texts;
  }

  /**
   * A list column's values per row, for filters: a row without values has the one value "", as a missing value of
   * a single-valued field is "" (built once).
   */
  lists(): string[][] {
    if (!this.valueLists) {
      const values = this.field.values;
      const out = new Array<string[]>(values.length);
      for (let i = 0; i < values.length; i++) {
        const l = listValues(values[i]);
        out[i] = l.length === 0 ? [''] : l;
      }
      this.valueLists = out;
    }
    return this.valueLists;
  }

  /** The values a filter sees in a cell: a list cell's values ("" when it has none), else the cell's text. */
  cellValues(row: number): string[] {
    return this.kind === 'list' ? this.lists()[row] : [this.text()[row]];
  }

  /** Lower-cased cell texts for search, a list's values apart so that no term spans two of them (built once). */
  lower(): string[] {
    if (!this.lowers) {
      const texts = this.text();
      const n = texts.length;
      const out = new Array<string>(n);
      for (let i = 0; i < n; i++) {
        out[i] = this.kind === 'list' ? searchCell(this.kind, this.field.values[i]) : texts[i].toLowerCase();
      }
      this.lowers = out;
    }
    return this.lowers;
  }

  /** Numeric view: numbers as is, times as epoch ms; NaN for null. */
  numeric(): Float64Array {
    if (!this.numbers) {
      const values = this.field.values;
      const n = values.length;
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const v = values[i];
        if (this.kind === 'time') {
          out[i] = timeValue(v);
        } else {
          out[i] = v === null || v === undefined || v === '' ? NaN : Number(v);
        }
      }
      this.numbers = out;
    }
    return this.numbers;
  }
}

/** Separates the searched cells, and the rows, in FrameIndex.searchText(). */
export const SEARCH_SEPARATOR = '\u0000';

/** A cell's lower-cased search text; a list's values are apart, joined by the separator. */
function searchCell(kind: FieldKind, v: unknown): string {
  if (kind === 'list') {
    return listValues(v).join(SEARCH_SEPARATOR).toLowerCase();
  }
  return cellText(kind, v).toLowerCase();
}

/**
 * The lower-cased texts of every searched cell in one string: cells and rows each end with SEARCH_SEPARATOR, and row
 * r is text.slice(starts[r], starts[r + 1] - 1). One flat string is scanned front to back whatever the sort order,
 * and does not leave 100k young strings behind for the garbage collector to copy.
 */
export interface SearchText {
  text: string;
  starts: Int32Array;
}

interface SearchTextBuild {
  chunks: string[];
  starts: Int32Array;
  /** Rows built so far. */
  rows: number;
  /** Length of the text built so far. */
  at: number;
}

/** Columns of one frame by key; row count from the longest field. */
export class FrameIndex {
  readonly frame: DataFrame;
  readonly columns: Column[];
  readonly length: number;
  private byKey = new Map<string, Column>();
  private searched?: SearchText;
  private building?: SearchTextBuild;
  private byLowerKey = new Map<string, Column>();

  constructor(frame: DataFrame, frames?: DataFrame[]) {
    this.frame = frame;
    this.columns = frame.fields.map((f, i) => new Column(f, i, frame, frames));
    for (const c of this.columns) {
      if (!this.byKey.has(c.key)) {
        this.byKey.set(c.key, c);
      }
      const lower = c.key.toLowerCase();
      if (!this.byLowerKey.has(lower)) {
        this.byLowerKey.set(lower, c);
      }
    }
    this.length = frame.length ?? (frame.fields[0]?.values.length || 0);
  }

  /** The columns a free search term looks at. */
  searchedColumns(): Column[] {
    return this.columns.filter((c) => c.searched);
  }

  /** The search text of every row (built once; see SearchText). */
  searchText(): SearchText {
    while (!this.buildSearchText(this.length)) {
      // built in one go
    }
    return this.searched!;
  }

  /** Builds up to `rows` more rows of searchText() (for building in the background); true when all are built. */
  buildSearchText(rows: number): boolean {
    if (this.searched) {
      return true;
    }
    const b: SearchTextBuild = (this.building ??= {
      chunks: [],
      starts: new Int32Array(this.length + 1),
      rows: 0,
      at: 0,
    });
    const searched = this.searchedColumns();
    const values = searched.map((c) => c.field.values);
    const kinds = searched.map((c) => c.kind);
    const end = Math.min(this.length, b.rows + rows);
    const parts = new Array<string>(searched.length * (end - b.rows));
    let p = 0;
    for (let r = b.rows; r < end; r++) {
      b.starts[r] = b.at;
      for (let c = 0; c < searched.length; c++) {
        const cell = searchCell(kinds[c], values[c][r]);
        parts[p++] = cell;
        b.at += cell.length + 1;
      }
    }
    // Each cell ends with the separator, the row's last one included.
    if (p > 0) {
      b.chunks.push(parts.join(SEARCH_SEPARATOR) + SEARCH_SEPARATOR);
    }
    b.rows = end;
    if (end < this.length) {
      return false;
    }
    b.starts[this.length] = b.at;
    this.searched = { text: b.chunks.join(''), starts: b.starts };
    this.building = undefined;
    return true;
  }

  /** Exact, case-sensitive key (filters). */
  column(key: string): Column | undefined {
    return this.byKey.get(key);
  }

  /** Key ignoring case (search's field:value terms); an exact match wins. */
  columnIgnoringCase(key: string): Column | undefined {
    return this.byKey.get(key) ?? this.byLowerKey.get(key.toLowerCase());
  }
}
