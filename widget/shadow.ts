/**
 * One shadow root holds everything the widget shows: host styles cannot reach in, ours cannot
 * leak out. Styles go in as constructable stylesheets, which a strict Content-Security-Policy
 * without 'unsafe-inline' allows; old browsers get a <style> carrying the site's nonce.
 */
export interface Shadow {
  host: HTMLElement;
  root: ShadowRoot;
  adoptStyles(css: string): void;
}

export function createShadow(doc: Document, nonce: string | undefined): Shadow {
  const host = doc.createElement('feedloop-widget');
  // `all: initial` resets inherited properties (font, colour, line-height) the host page may set;
  // !important because an inline declaration only beats a page's `* { … !important }` rules if
  // it is important too (they would hide it, make it transparent or unclickable).
  host.style.cssText = 'all:initial!important;position:fixed!important;z-index:2147483000!important';
  const root = host.attachShadow({ mode: 'open' });
  doc.body.appendChild(host);

  function adoptStyles(css: string): void {
    // Browsers shipped adoptedStyleSheets and constructable sheets (replaceSync) together.
    if (root.adoptedStyleSheets) {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
      root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
      return;
    }
    const style = doc.createElement('style');
    if (nonce) style.nonce = nonce;
    style.textContent = css;
    root.appendChild(style);
  }

  return { host, root, adoptStyles };
}
