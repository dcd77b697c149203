/** Types shared by the compiled parts of a layout at map time. */
import type { MapContext } from '../contracts.js';
import type { FieldRef, ProblemList, RowReader, SourceZone } from '../validate/index.js';

/** What one map() call hands to every getter and transform. */
export interface Run {
  ctx: MapContext;
  zone: SourceZone;
  out: ProblemList;
}

/** Where a getter reads from: the row, and inside `forEach` the current element and its index. */
export interface Scope {
  reader: RowReader;
  element: unknown;
  index: number;
  /** The forEach list's own field name, for naming an element's field in messages. */
  listField: string;
}

/** Names a field in a message; called only when there is a problem, so it may allocate. */
export type RefOf = (scope: Scope) => FieldRef;
