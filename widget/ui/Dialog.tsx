import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

const FOCUSABLE = 'button:not([disabled]),input:not([disabled]),textarea:not([disabled]),select:not([disabled]),[href],[tabindex]:not([tabindex="-1"])';

interface Props {
  title: string;
  closeLabel: string;
  onClose(): void;
  children: ComponentChildren;
}

/**
 * Moves focus to the first control of a new step (next question, follow-up, thank-you): the step
 * change removes the focused control, and focus would otherwise drop to the host page.
 */
export function useStepFocus(step: unknown) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => box.current?.querySelector<HTMLElement>('input,textarea,button')?.focus(), [step]);
  return box;
}

/** A real modal: dialog role, focus moves in and is trapped, Escape closes, focus is restored by the caller. */
export function Dialog({ title, closeLabel, onClose, children }: Props) {
  const panel = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const first = panel.current?.querySelector<HTMLElement>('[data-autofocus]') ?? panel.current?.querySelector<HTMLElement>(FOCUSABLE);
    first?.focus();
  }, []);

  function onKeyDown(event: KeyboardEvent) {
    if (event.key === 'Escape') {
      event.stopPropagation();
      onClose();
      return;
    }
    if (event.key !== 'Tab' || !panel.current) return;
    const items = [...panel.current.querySelectorAll<HTMLElement>(FOCUSABLE)];
    const first = items[0];
    const last = items.at(-1);
    const active = (panel.current.getRootNode() as ShadowRoot).activeElement;
    if (event.shiftKey && active === first) {
      event.preventDefault();
      last?.focus();
    } else if (!event.shiftKey && active === last) {
      event.preventDefault();
      first?.focus();
    }
  }

  return (
    <div class="fl-dialog" role="dialog" aria-modal="true" aria-labelledby="fl-title" ref={panel} onKeyDown={onKeyDown}>
      <div class="fl-head">
        <h2 id="fl-title">{title}</h2>
        <button type="button" class="fl-close" aria-label={closeLabel} onClick={onClose}>
          ×
        </button>
      </div>
      {children}
    </div>
  );
}
