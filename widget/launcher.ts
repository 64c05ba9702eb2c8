/** The floating button: plain DOM in the loader, so pages where nobody clicks never load Preact. */
// Kept on one line and small: this stylesheet ships in the loader, which runs on every page.
export const LAUNCHER_CSS =
  ':host{--fl-accent:#4f46e5;--fl-on-accent:#fff;--fl-r:14px;--fl-font:system-ui,sans-serif}' +
  '.fl-launcher,.fl-dialog{position:fixed;right:20px;bottom:20px}' +
  ':host([data-position=bottom-left]) :is(.fl-launcher,.fl-dialog){left:20px;right:auto}' +
  '.fl-launcher{padding:10px 16px;border:0;border-radius:999px;background:var(--fl-accent);color:var(--fl-on-accent);font:600 14px/1.2 var(--fl-font);cursor:pointer;box-shadow:0 4px 14px #0003}' +
  '.fl-launcher:focus-visible{outline:3px solid #111;outline-offset:3px;box-shadow:0 0 0 6px #fff}' +
  '.fl-launcher[hidden]{display:none}';

export function createLauncher(root: ShadowRoot, label: string, onOpen: () => void): HTMLButtonElement {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'fl-launcher';
  button.setAttribute('aria-haspopup', 'dialog');
  button.textContent = label;
  button.addEventListener('click', onOpen);
  root.appendChild(button);
  return button;
}
