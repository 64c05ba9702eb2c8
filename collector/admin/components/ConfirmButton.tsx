import type { ComponentChildren } from 'preact';

/**
 * A button that acts only once the person confirms (the browser's own dialog: focus and keyboard
 * come back to the button by themselves). For deletes and revocations in tables, where the
 * visible text is short ("Delete") and `label` says what it acts on, for screen readers.
 * When the action removes the button's own row, focus would fall to <body>: the caller moves it
 * on (see useFocusAfterRemoval).
 */
export function ConfirmButton(props: {
  label: string;
  question: string;
  onConfirm(): void;
  disabled?: boolean;
  danger?: boolean;
  children: ComponentChildren;
}) {
  return (
    <button
      type="button"
      class={props.danger ? 'danger' : undefined}
      disabled={props.disabled}
      aria-label={props.label}
      onClick={() => {
        if (confirm(props.question)) props.onConfirm();
      }}
    >
      {props.children}
    </button>
  );
}
