/** The one tag a website owner pastes before </body>. */
export function snippetFor(publicUrl: string, publicKey: string): string {
  return `<script async src="${publicUrl}/widget.js" data-site="${publicKey}"></script>`;
}
