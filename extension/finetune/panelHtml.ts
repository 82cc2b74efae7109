// The page of the fine-tune panel: an empty body and the panel's script (dist/finetunePanel.js),
// under a Content-Security-Policy that lets in nothing else: no inline script or style, no
// network, scripts only with this page's nonce. Pure, so the policy is tested without VS Code.

import { randomBytes } from 'node:crypto';

export interface PanelPage {
  /** The webview URI of dist/finetunePanel.js (webview.asWebviewUri). */
  scriptUri: string;
  /** webview.cspSource: where the webview may load the extension's own files from. */
  cspSource: string;
  /** A fresh random value per page (panelNonce()). */
  nonce: string;
  title: string;
}

/** 128 random bits, base64url: the CSP nonce of one page. */
export function panelNonce(): string {
  return randomBytes(16).toString('base64url');
}

/**
 * Styles come from constructed stylesheets and the CSSOM (renderer/dom.ts), which a policy
 * without 'unsafe-inline' still allows; images are the charts' and graph's exports (data:, blob:).
 */
export function panelCsp(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource}`,
    `img-src ${cspSource} data: blob:`,
    `font-src ${cspSource}`,
  ].join('; ');
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function panelHtml(page: PanelPage): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(panelCsp(page.cspSource, page.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(page.title)}</title>
</head>
<body>
<script nonce="${escapeHtml(page.nonce)}" src="${escapeHtml(page.scriptUri)}"></script>
</body>
</html>
`;
}
