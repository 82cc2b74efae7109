// The fine-tune panel's own rules, on top of the renderer's shared stylesheet (styles.ts). VS Code
// theme variables only, as everywhere in the renderer. The page sets its own colours and font: a
// strict Content-Security-Policy may keep out the default styles VS Code adds to webviews.

const PANEL_CSS = `
html, body { background: var(--vscode-editor-background); color: var(--vscode-editor-foreground); font-family: var(--vscode-font-family); }
body { margin: 0; padding: 0 16px 24px; }
.finetune-panel { max-width: 1200px; }
.finetune-panel .header { margin-top: 12px; }
.finetune-panel .header .name { font-size: 15px; }
.finetune-panel h2 { font-size: 13px; font-weight: 600; margin: 18px 0 6px; }
.finetune-panel .run-status { font-size: 12px; font-variant-numeric: tabular-nums; }
.finetune-panel .phase { font-weight: 600; }
.finetune-panel .phase-training, .finetune-panel .phase-preparing, .finetune-panel .phase-starting { color: var(--blue); }
.finetune-panel .phase-done, .finetune-panel .phase-early-stopped { color: var(--good); }
.finetune-panel .phase-failed, .finetune-panel .phase-cancelled, .finetune-panel .phase-cancelling { color: var(--bad); }
.finetune-panel .activity { margin-top: 2px; min-height: 1.4em; }
.finetune-panel .outcome { margin-top: 6px; white-space: pre-wrap; }
.finetune-panel .outcome.error { color: var(--vscode-errorForeground); }
.finetune-panel .outcome .accuracy { font-weight: 600; }
.finetune-panel .closing-note { margin-top: 6px; }
.finetune-panel .plan { margin-bottom: 6px; }
.finetune-panel .toolbar button.cancel { color: var(--vscode-button-foreground); background: var(--vscode-button-background); }
.finetune-panel .toolbar button.open-report { color: var(--vscode-button-foreground); background: var(--vscode-button-background); }
.finetune-panel [hidden] { display: none !important; }
/* A panel beside the editor can be narrower than the notebook's 360px chart column. */
.finetune-panel .charts { grid-template-columns: repeat(auto-fill, minmax(min(360px, 100%), 1fr)); }
`;

let sheet: CSSStyleSheet | undefined;

export function panelStylesheet(): CSSStyleSheet {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(PANEL_CSS);
  }
  return sheet;
}
