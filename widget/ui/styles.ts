/** Styles of the UI chunk, scoped by the shadow root and themed only through :host custom properties. */
export const UI_CSS = `
:host{--fl-bg:#fff;--fl-fg:#111827;--fl-line:#9ca3af;--fl-muted:#4b5563}
:host([data-mode=dark]){--fl-bg:#1f2937;--fl-fg:#f9fafb;--fl-line:#6b7280;--fl-muted:#d1d5db}
@media (prefers-color-scheme:dark){:host(:not([data-mode=light])){--fl-bg:#1f2937;--fl-fg:#f9fafb;--fl-line:#6b7280;--fl-muted:#d1d5db}}
.fl-dialog{box-sizing:border-box;width:min(360px,calc(100vw - 24px));max-height:calc(100vh - 40px);overflow:auto;padding:16px;border-radius:var(--fl-r);background:var(--fl-bg);color:var(--fl-fg);font:14px/1.45 var(--fl-font);box-shadow:0 12px 40px rgba(0,0,0,.25);animation:fl-in .18s ease-out}
.fl-dialog *{box-sizing:border-box}
.fl-head{display:flex;align-items:center;justify-content:space-between;gap:8px;margin-bottom:8px}
.fl-head h2{margin:0;font-size:16px;font-weight:650}
.fl-close{width:32px;height:32px;border:0;border-radius:8px;background:transparent;color:inherit;font-size:22px;line-height:1;cursor:pointer}
.fl-body{display:flex;flex-direction:column;gap:12px;margin:0}
fieldset{display:flex;flex-wrap:wrap;gap:6px;margin:0;padding:0;border:0;min-width:0}
legend{padding:0;margin-bottom:6px;font-weight:600}
.fl-opt{position:relative}
.fl-opt input,.fl-hp{position:absolute;opacity:0;width:1px;height:1px}
.fl-opt span{display:inline-block;min-width:28px;padding:6px 10px;border:1px solid var(--fl-line);border-radius:999px;text-align:center;cursor:pointer}
.fl-opt input:checked+span{border-color:var(--fl-accent);background:var(--fl-accent);color:var(--fl-on-accent)}
.fl-opt input:focus-visible+span{outline:3px solid var(--fl-accent);outline-offset:2px}
.fl-scale .fl-opt span{padding:6px 0;min-width:26px;border-radius:6px}
.fl-ends{display:flex;justify-content:space-between;width:100%;color:var(--fl-muted);font-size:12px}
.fl-field{display:flex;flex-direction:column;gap:4px;font-weight:600}
textarea,input[type=email]{width:100%;padding:8px 10px;border:1px solid var(--fl-line);border-radius:8px;background:var(--fl-bg);color:var(--fl-fg);font:400 14px/1.4 var(--fl-font);resize:vertical}
.fl-error{margin:0;color:#dc2626}
.fl-status{margin:0;font-size:15px}
.fl-progress{margin:0;color:var(--fl-muted);font-size:12px}
.fl-bar{height:4px;border-radius:2px;background:var(--fl-line);overflow:hidden}
.fl-bar i{display:block;height:100%;background:var(--fl-accent)}
.fl-primary{padding:10px 14px;border:0;border-radius:8px;background:var(--fl-accent);color:var(--fl-on-accent);font:600 14px/1.2 var(--fl-font);cursor:pointer}
.fl-primary[disabled]{opacity:.7;cursor:progress}
.fl-dialog :focus-visible{outline:3px solid var(--fl-accent);outline-offset:2px}
@keyframes fl-in{from{opacity:0;transform:translateY(8px)}to{opacity:1;transform:none}}
@media (prefers-reduced-motion:reduce){.fl-dialog{animation:none}}
`;
