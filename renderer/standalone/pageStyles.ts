// The standalone page's look: VS Code's Light Modern theme colours (the variables the renderer's
// views read, set on :root as VS Code sets them on its webview), and a plain notebook layout.

export const PAGE_CSS = `
:root {
  --vscode-font-family: system-ui, -apple-system, "Segoe UI", "Ubuntu", "Droid Sans", sans-serif;
  --vscode-editor-font-family: "SF Mono", Menlo, Consolas, "Droid Sans Mono", "DejaVu Sans Mono", monospace;
  --vscode-editor-background: #ffffff; --vscode-editor-foreground: #3b3b3b; --vscode-foreground: #3b3b3b;
  --vscode-descriptionForeground: #717171; --vscode-editorWidget-background: #f8f8f8; --vscode-editorWidget-border: #c8c8c8;
  --vscode-focusBorder: #005fb8; --vscode-widget-shadow: rgba(0,0,0,.16); --vscode-textCodeBlock-background: #f0f0f0;
  --vscode-charts-blue: #1a85ff; --vscode-charts-orange: #c27d1a; --vscode-charts-green: #388a34; --vscode-charts-purple: #652d90;
  --vscode-charts-red: #e51400; --vscode-charts-yellow: #bf8803; --vscode-errorForeground: #e51400;
  --vscode-button-background: #005fb8; --vscode-button-foreground: #ffffff; --vscode-button-border: rgba(0,0,0,.1);
  --vscode-button-secondaryBackground: #e5e5e5; --vscode-button-secondaryForeground: #3b3b3b; --vscode-button-secondaryHoverBackground: #cccccc;
  --vscode-testing-iconPassed: #388a34; --vscode-testing-iconFailed: #f14c4c;
  color-scheme: light;
}
body { margin: 0; background: #fff; color: var(--vscode-editor-foreground); font-family: var(--vscode-font-family); font-size: 14px; line-height: 1.5; }
main { max-width: 980px; margin: 0 auto; padding: 24px 20px 64px; }
.nb-title { font-size: 12px; color: var(--vscode-descriptionForeground); margin-bottom: 16px; }
.cell { margin: 0 0 14px; }
.cell.markdown { padding: 0 4px; }
.cell.markdown code { font-family: var(--vscode-editor-font-family); background: var(--vscode-textCodeBlock-background); padding: 1px 4px; border-radius: 3px; font-size: 90%; }
.cell.markdown pre { background: var(--vscode-textCodeBlock-background); padding: 8px 12px; border-radius: 4px; overflow-x: auto; }
.cell.markdown pre code { padding: 0; background: none; }
.cell.markdown table { border-collapse: collapse; }
.cell.markdown th, .cell.markdown td { border: 1px solid var(--vscode-editorWidget-border); padding: 3px 8px; }
.cell.markdown img { max-width: 100%; }
.code-row { display: flex; gap: 8px; align-items: flex-start; }
.prompt { flex: 0 0 44px; text-align: right; color: var(--vscode-descriptionForeground); font-family: var(--vscode-editor-font-family); font-size: 12px; padding-top: 9px; }
.source { flex: 1; min-width: 0; margin: 0; padding: 8px 12px; background: var(--vscode-editorWidget-background); border: 1px solid var(--vscode-editorWidget-border);
  border-radius: 4px; font-family: var(--vscode-editor-font-family); font-size: 12.5px; line-height: 1.45; overflow-x: auto; white-space: pre; }
.outputs { margin: 6px 0 0 52px; }
.output { margin: 4px 0; overflow-x: auto; }
.output pre { margin: 0; font-family: var(--vscode-editor-font-family); font-size: 12.5px; white-space: pre-wrap; word-break: break-word; }
.output .stderr { background: #fdf0f0; }
.output .error { color: var(--vscode-errorForeground); }
.output img { max-width: 100%; }
`;
