/**
 * The keyboard model of an editable data grid (WAI-ARIA APG "Data Grid"), kept apart from the view
 * so it can be tested without a browser. The grid is one tab stop; inside it the keys move a cell
 * cursor. A cell is either being looked at (navigation mode: arrows move between cells) or being
 * edited (edit mode: the keys belong to the text box until Enter, Tab or Escape).
 *
 * Positions are counted in the rows the grid shows (after any filter), not in sheet rows, so they
 * work the same with virtual scrolling: the view scrolls the row in and focuses it afterwards.
 */

export interface GridCell {
  /** 0-based position among the rows shown. */
  row: number;
  /** 0-based column. */
  col: number;
}

export interface GridShape {
  rows: number;
  cols: number;
  /** How many rows one PageUp/PageDown moves: about one viewport. */
  pageRows: number;
  /** Whether the cells of this column hold a text box that Enter/F2 edits. */
  editable(col: number): boolean;
}

/** The parts of a KeyboardEvent the model reads (a real KeyboardEvent fits). */
export interface KeyPress {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
  shiftKey?: boolean;
}

export type GridAction =
  /** Focus another cell (already clamped to the grid). */
  | { kind: 'move'; to: GridCell }
  /** Start editing the cell; `replace` when a typed character should replace the value (as in a spreadsheet). */
  | { kind: 'edit'; replace: boolean }
  /** Keep the edited value; then focus `then`, or let the key do its default (Tab leaves the grid). */
  | { kind: 'commit'; then: GridCell | 'default' }
  /** Put back the value the cell had before editing began, and stay on the cell. */
  | { kind: 'cancel' }
  /** Flip whether the cursor's row is sent. */
  | { kind: 'toggle-send' }
  /** Not the grid's key: leave it to the browser (typing in an edit, Tab out, shortcuts). */
  | { kind: 'default' };

export function clampCell(cell: GridCell, shape: GridShape): GridCell {
  return {
    row: Math.max(0, Math.min(Math.max(0, shape.rows - 1), cell.row)),
    col: Math.max(0, Math.min(Math.max(0, shape.cols - 1), cell.col)),
  };
}

function isPrintable(press: KeyPress): boolean {
  return press.key.length === 1 && press.key !== ' ' && !press.ctrlKey && !press.metaKey && !press.altKey;
}

/** What a key press means at `at`, given whether the cell is being edited. */
export function gridKeyAction(press: KeyPress, at: GridCell, editing: boolean, shape: GridShape): GridAction {
  const cmd = press.ctrlKey || press.metaKey;
  if (editing) {
    if (press.key === 'Escape') return { kind: 'cancel' };
    if (press.key === 'Enter' && !press.shiftKey && !press.altKey && !cmd) {
      return { kind: 'commit', then: clampCell({ row: at.row + 1, col: at.col }, shape) };
    }
    if (press.key === 'Tab') return { kind: 'commit', then: 'default' };
    return { kind: 'default' };
  }
  if (shape.rows === 0) return { kind: 'default' };
  const move = (row: number, col: number): GridAction => ({ kind: 'move', to: clampCell({ row, col }, shape) });
  switch (press.key) {
    case 'ArrowDown':
      return move(at.row + 1, at.col);
    case 'ArrowUp':
      return move(at.row - 1, at.col);
    case 'ArrowRight':
      return move(at.row, at.col + 1);
    case 'ArrowLeft':
      return move(at.row, at.col - 1);
    case 'Home':
      return cmd ? move(0, 0) : move(at.row, 0);
    case 'End':
      return cmd ? move(shape.rows - 1, shape.cols - 1) : move(at.row, shape.cols - 1);
    case 'PageDown':
      return move(at.row + Math.max(1, shape.pageRows), at.col);
    case 'PageUp':
      return move(at.row - Math.max(1, shape.pageRows), at.col);
    case 'Enter':
    case 'F2':
      return shape.editable(at.col) && !cmd && !press.altKey ? { kind: 'edit', replace: false } : { kind: 'default' };
    case ' ':
      return cmd || press.altKey ? { kind: 'default' } : { kind: 'toggle-send' };
    default:
      return isPrintable(press) && shape.editable(at.col) ? { kind: 'edit', replace: true } : { kind: 'default' };
  }
}
