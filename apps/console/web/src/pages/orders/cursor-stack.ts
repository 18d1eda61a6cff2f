/**
 * Where the order search's pages start. The API pages forward only (keyset cursors), so "Previous
 * page" is the cursor we came from: a stack, the first page's cursor being none.
 */
export interface CursorStack {
  /** The cursor of every page up to the one shown; the last is the current page's. */
  readonly cursors: readonly (string | undefined)[];
}

export const firstPage = (): CursorStack => ({ cursors: [undefined] });

export const currentCursor = (stack: CursorStack): string | undefined => stack.cursors[stack.cursors.length - 1];

/** 1 for the first page. */
export const pageNumber = (stack: CursorStack): number => stack.cursors.length;

export const hasPrevious = (stack: CursorStack): boolean => stack.cursors.length > 1;

export const nextPage = (stack: CursorStack, nextCursor: string): CursorStack => ({ cursors: [...stack.cursors, nextCursor] });

export const previousPage = (stack: CursorStack): CursorStack => (hasPrevious(stack) ? { cursors: stack.cursors.slice(0, -1) } : stack);
