/** Styles of the UI chunk, scoped by the shadow root and themed only through :host custom properties. */
export const UI_CSS = `
.fl-dialog{position:fixed;right:20px;bottom:20px;box-sizing:border-box;width:min(360px,calc(100vw - 24px));max-height:calc(100vh - 40px);overflow:auto;padding:16px;border-radius:14px;background:#fff;color:#111827;font:14px/1.45 var(--fl-font);box-shadow:0 12px 40px rgba(0,0,0,.25);animation:fl-in .18s ease-out}
.fl-dialog *{box-sizing:border-box}
.fl-head{display:flex;align-items:center;justify-content:space-between;gap:8px;margin-bottom:8px}
.fl-head h2{margin:0;font-size:16px;font-weight:650}
.fl-close{width:32px;height:32px;border:0;border-radius:8px;background:transparent;color:inherit;font-size:22px;line-height:1;cursor:pointer}
.fl-body{display:flex;flex-direction:column;gap:12px;margin:0}
.fl-categories{display:flex;flex-wrap:wrap;gap:6px;margin:0;padding:0;border:0}
.fl-categories legend{padding:0;margin-bottom:6px;font-weight:600}
.fl-chip{position:relative}
.fl-chip input{position:absolute;opacity:0;width:1px;height:1px}
.fl-chip span{display:inline-block;padding:6px 12px;border:1px solid #d1d5db;border-radius:999px;cursor:pointer}
.fl-chip input:checked+span{border-color:var(--fl-accent);background:var(--fl-accent);color:var(--fl-on-accent)}
.fl-chip input:focus-visible+span{outline:3px solid var(--fl-accent);outline-offset:2px}
.fl-field{display:flex;flex-direction:column;gap:4px;font-weight:600}
.fl-field textarea,.fl-field input{width:100%;padding:8px 10px;border:1px solid #9ca3af;border-radius:8px;background:#fff;color:#111827;font:400 14px/1.4 var(--fl-font);resize:vertical}
.fl-error{margin:0;color:#b91c1c}
.fl-thanks{margin:0;font-size:15px}
.fl-primary{padding:10px 14px;border:0;border-radius:8px;background:var(--fl-accent);color:var(--fl-on-accent);font:600 14px/1.2 var(--fl-font);cursor:pointer}
.fl-primary[disabled]{opacity:.7;cursor:progress}
.fl-dialog :focus-visible{outline:3px solid var(--fl-accent);outline-offset:2px}
@keyframes fl-in{from{opacity:0;transform:translateY(8px)}to{opacity:1;transform:none}}
@media (prefers-reduced-motion:reduce){.fl-dialog{animation:none}}
@media (prefers-color-scheme:dark){.fl-dialog{background:#1f2937;color:#f9fafb}.fl-field textarea,.fl-field input{background:#111827;color:#f9fafb;border-color:#4b5563}.fl-chip span{border-color:#4b5563}}
`;
