import { useLayoutEffect, useRef } from 'preact/hooks';

/**
 * Keeps keyboard focus on the page when a button removes its own row (a rule's Delete, a tag's ×).
 * Removing the focused element drops focus to <body>, so a keyboard user would start over at the
 * top of the page. Before the action, `expect` names the removed item and the items to fall back
 * to in order (usually the next one, then the previous one); on the first render where the
 * removed item's control is gone, focus moves to the first of them still there, else to
 * `fallback()`. If the action failed and the item stays, `cancel` forgets it.
 *
 * `find(key)` returns an item's control, or null when it is not rendered.
 */
export function useFocusAfterRemoval(find: (key: string) => HTMLElement | null, fallback: () => HTMLElement | null) {
  const pending = useRef<{ removed: string; next: string[] } | null>(null);
  // After every render: the removal shows up in whichever render drops the item.
  useLayoutEffect(() => {
    const p = pending.current;
    if (!p || find(p.removed)) return;
    pending.current = null;
    const active = document.activeElement;
    // Focus went somewhere on purpose while the call ran: leave it there.
    if (active && active !== document.body && active.isConnected) return;
    const target = p.next.map(find).find((el) => el !== null) ?? fallback();
    target?.focus();
  });
  return {
    expect(removed: string, next: Array<string | undefined>): void {
      pending.current = { removed, next: next.filter((k): k is string => k !== undefined) };
    },
    cancel(): void {
      pending.current = null;
    },
  };
}
