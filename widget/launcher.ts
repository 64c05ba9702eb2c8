/** The floating button: plain DOM in the loader, so pages where nobody clicks never load Preact. */
export const LAUNCHER_CSS = `
:host{--fl-accent:#4f46e5;--fl-on-accent:#fff;--fl-radius:999px;--fl-font:system-ui,-apple-system,"Segoe UI","PingFang SC","Microsoft YaHei",sans-serif}
.fl-launcher{position:fixed;right:20px;bottom:20px;display:inline-flex;align-items:center;gap:6px;margin:0;padding:10px 16px;border:0;border-radius:var(--fl-radius);background:var(--fl-accent);color:var(--fl-on-accent);font:600 14px/1.2 var(--fl-font);cursor:pointer;box-shadow:0 4px 14px rgba(0,0,0,.2);transition:transform .15s ease}
.fl-launcher:hover{transform:translateY(-1px)}
.fl-launcher:focus-visible{outline:3px solid #111;outline-offset:3px;box-shadow:0 0 0 6px #fff}
.fl-launcher[hidden]{display:none}
@media (prefers-reduced-motion:reduce){.fl-launcher{transition:none}.fl-launcher:hover{transform:none}}
`;

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
