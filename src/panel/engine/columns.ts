// A frame prepared for filtering, searching and sorting: per field its key, kind and lazily built text arrays.
import { type DataFrame, type Field, getFieldDisplayName } from '@grafana/data';

import { type FieldKind } from '../../shared/filterModel';
import { cellText, fieldKind, timeValue } from './text';

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

  constructor(field: Field, index: number, frame: DataFrame, frames?: DataFrame[]) {
    this.field = field;
    this.index = index;
    this.key = field.name;
    this.name = getFieldDisplayName(field, frame, frames);
    this.kind = fieldKind(field);
    this.searched =
      (this.kind === 'string' && !UNSEARCHED_KEYS.has(this.key)) ||
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

  /** Lower-cased cell texts for search (built once). */
  lower(): string[] {
    if (!this.lowers) {
      const texts = this.text();
      const n = texts.length;
      const out = new Array<string>(n);
      for (let i = 0; i < n; i++) {
        out[i] = texts[i].toLowerCase();
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

/** Joins the searched cells of a row in FrameIndex.searchTexts(). */
export const SEARCH_SEPARATOR = '\u0000';

/** Columns of one frame by key; row count from the longest field. */
export class FrameIndex {
  readonly frame: DataFrame;
  readonly columns: Column[];
  readonly length: number;
  private byKey = new Map<string, Column>();
  private joined?: string[];
  private joinedUpTo = 0;
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

  /**
   * Per row: the lower-cased texts of every searched column joined by SEARCH_SEPARATOR (built once), so a free
   * term costs one substring test per row. A needle without the separator can only match inside one cell.
   */
  searchTexts(): string[] {
    while (!this.buildSearchTexts(this.length)) {
      // built in one go
    }
    return this.joined!;
  }

  /** Builds up to `rows` more rows of searchTexts() (for building in the background); true when all are built. */
  buildSearchTexts(rows: number): boolean {
    if (this.joined && this.joinedUpTo >= this.length) {
      return true;
    }
    // From the values, not lower(): no per-column copies stay alive (less for the garbage collector to walk).
    const searched = this.searchedColumns();
    const values = searched.map((c) => c.field.values);
    const kinds = searched.map((c) => c.kind);
    const out = (this.joined ??= new Array<string>(this.length));
    const parts = new Array<string>(searched.length);
    const end = Math.min(this.length, this.joinedUpTo + rows);
    for (let r = this.joinedUpTo; r < end; r++) {
      for (let c = 0; c < searched.length; c++) {
        parts[c] = cellText(kinds[c], values[c][r]).toLowerCase();
      }
      // join makes flat strings: the first keystroke does not pay for flattening concatenations.
      out[r] = parts.join(SEARCH_SEPARATOR);
    }
    this.joinedUpTo = end;
    return end >= this.length;
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
