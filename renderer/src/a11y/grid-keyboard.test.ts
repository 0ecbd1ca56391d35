import { describe, expect, it } from 'vitest';
import { gridKeyAction, clampCell, type GridShape } from './grid-keyboard.js';

// Review's grid: Row, four phone fields (editable), Status, Problem, Send.
const shape = (rows: number): GridShape => ({ rows, cols: 8, pageRows: 10, editable: (c) => c >= 1 && c <= 4 });
const at = (row: number, col: number) => ({ row, col });

describe('grid keyboard: navigation mode', () => {
  it('arrows move one cell and stop at the edges', () => {
    const s = shape(100);
    expect(gridKeyAction({ key: 'ArrowDown' }, at(5, 2), false, s)).toEqual({ kind: 'move', to: at(6, 2) });
    expect(gridKeyAction({ key: 'ArrowUp' }, at(5, 2), false, s)).toEqual({ kind: 'move', to: at(4, 2) });
    expect(gridKeyAction({ key: 'ArrowRight' }, at(5, 2), false, s)).toEqual({ kind: 'move', to: at(5, 3) });
    expect(gridKeyAction({ key: 'ArrowLeft' }, at(5, 2), false, s)).toEqual({ kind: 'move', to: at(5, 1) });
    expect(gridKeyAction({ key: 'ArrowUp' }, at(0, 0), false, s)).toEqual({ kind: 'move', to: at(0, 0) });
    expect(gridKeyAction({ key: 'ArrowLeft' }, at(0, 0), false, s)).toEqual({ kind: 'move', to: at(0, 0) });
    expect(gridKeyAction({ key: 'ArrowDown' }, at(99, 7), false, s)).toEqual({ kind: 'move', to: at(99, 7) });
    expect(gridKeyAction({ key: 'ArrowRight' }, at(99, 7), false, s)).toEqual({ kind: 'move', to: at(99, 7) });
  });

  it('Home/End go to the row’s first/last cell; with Ctrl (or ⌘) to the grid’s first/last cell', () => {
    const s = shape(100);
    expect(gridKeyAction({ key: 'Home' }, at(5, 3), false, s)).toEqual({ kind: 'move', to: at(5, 0) });
    expect(gridKeyAction({ key: 'End' }, at(5, 3), false, s)).toEqual({ kind: 'move', to: at(5, 7) });
    expect(gridKeyAction({ key: 'Home', ctrlKey: true }, at(5, 3), false, s)).toEqual({ kind: 'move', to: at(0, 0) });
    expect(gridKeyAction({ key: 'End', metaKey: true }, at(5, 3), false, s)).toEqual({ kind: 'move', to: at(99, 7) });
  });

  it('PageDown/PageUp move by a page and clamp at the ends', () => {
    const s = shape(25);
    expect(gridKeyAction({ key: 'PageDown' }, at(0, 2), false, s)).toEqual({ kind: 'move', to: at(10, 2) });
    expect(gridKeyAction({ key: 'PageDown' }, at(20, 2), false, s)).toEqual({ kind: 'move', to: at(24, 2) });
    expect(gridKeyAction({ key: 'PageUp' }, at(15, 2), false, s)).toEqual({ kind: 'move', to: at(5, 2) });
    expect(gridKeyAction({ key: 'PageUp' }, at(3, 2), false, s)).toEqual({ kind: 'move', to: at(0, 2) });
    // A viewport smaller than a row still moves.
    expect(gridKeyAction({ key: 'PageDown' }, at(0, 2), false, { ...s, pageRows: 0 })).toEqual({
      kind: 'move',
      to: at(1, 2),
    });
  });

  it('Enter and F2 edit a text cell, keeping its value; a typed character starts an edit that replaces it', () => {
    const s = shape(10);
    expect(gridKeyAction({ key: 'Enter' }, at(2, 2), false, s)).toEqual({ kind: 'edit', replace: false });
    expect(gridKeyAction({ key: 'F2' }, at(2, 4), false, s)).toEqual({ kind: 'edit', replace: false });
    expect(gridKeyAction({ key: '5' }, at(2, 2), false, s)).toEqual({ kind: 'edit', replace: true });
    // Not on cells without a text box, and not for shortcuts.
    expect(gridKeyAction({ key: 'Enter' }, at(2, 0), false, s)).toEqual({ kind: 'default' });
    expect(gridKeyAction({ key: 'F2' }, at(2, 6), false, s)).toEqual({ kind: 'default' });
    expect(gridKeyAction({ key: 'a' }, at(2, 5), false, s)).toEqual({ kind: 'default' });
    expect(gridKeyAction({ key: 'c', ctrlKey: true }, at(2, 2), false, s)).toEqual({ kind: 'default' });
  });

  it('Space toggles Send on the row from any cell; Tab is left to the browser (one tab stop)', () => {
    const s = shape(10);
    for (const col of [0, 2, 5, 7])
      expect(gridKeyAction({ key: ' ' }, at(3, col), false, s)).toEqual({ kind: 'toggle-send' });
    expect(gridKeyAction({ key: 'Tab' }, at(3, 2), false, s)).toEqual({ kind: 'default' });
    expect(gridKeyAction({ key: 'Tab', shiftKey: true }, at(3, 2), false, s)).toEqual({ kind: 'default' });
  });

  it('an empty grid handles nothing', () => {
    expect(gridKeyAction({ key: 'ArrowDown' }, at(0, 0), false, shape(0))).toEqual({ kind: 'default' });
    expect(gridKeyAction({ key: ' ' }, at(0, 0), false, shape(0))).toEqual({ kind: 'default' });
  });
});

describe('grid keyboard: edit mode', () => {
  it('Enter commits and moves down (staying on the last row); Escape cancels; Tab commits and leaves', () => {
    const s = shape(10);
    expect(gridKeyAction({ key: 'Enter' }, at(3, 2), true, s)).toEqual({ kind: 'commit', then: at(4, 2) });
    expect(gridKeyAction({ key: 'Enter' }, at(9, 2), true, s)).toEqual({ kind: 'commit', then: at(9, 2) });
    expect(gridKeyAction({ key: 'Escape' }, at(3, 2), true, s)).toEqual({ kind: 'cancel' });
    expect(gridKeyAction({ key: 'Tab' }, at(3, 2), true, s)).toEqual({ kind: 'commit', then: 'default' });
  });

  it('arrows, Home/End, Space and letters belong to the text box while editing', () => {
    const s = shape(10);
    for (const key of ['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Home', 'End', ' ', 'a', 'Backspace', 'F2']) {
      expect(gridKeyAction({ key }, at(3, 2), true, s)).toEqual({ kind: 'default' });
    }
  });
});

describe('clampCell', () => {
  it('keeps a cell inside the grid when the rows shown shrink (a filter turned on)', () => {
    expect(clampCell(at(40, 9), shape(12))).toEqual(at(11, 7));
    expect(clampCell(at(-1, -1), shape(12))).toEqual(at(0, 0));
    expect(clampCell(at(3, 3), shape(0))).toEqual(at(0, 3));
  });
});
