// Colours come only from VS Code's theme variables (set on the webview's <html> element), so the
// outputs follow light, dark and high-contrast themes. CSS uses them directly; canvases and
// exported images need concrete colours, resolved here, and redraw when the theme changes.

/** Accent colours for data series and layer kinds, in the order series take them. */
export const PALETTE_VARS = [
  '--vscode-charts-blue',
  '--vscode-charts-orange',
  '--vscode-charts-green',
  '--vscode-charts-purple',
  '--vscode-charts-red',
  '--vscode-charts-yellow',
] as const;

export interface ThemeColors {
  foreground: string;
  muted: string;
  background: string;
  grid: string;
  border: string;
  palette: string[];
  fontFamily: string;
  monoFamily: string;
}

/** Reads the theme colours as they apply inside `element` (custom properties inherit into shadow roots). */
export function themeColors(element: Element): ThemeColors {
  const style = getComputedStyle(element);
  const read = (name: string, ...fallbacks: string[]): string => {
    for (const candidate of [name, ...fallbacks]) {
      const value = style.getPropertyValue(candidate).trim();
      if (value) return value;
    }
    return style.color;
  };
  return {
    foreground: read('--vscode-editor-foreground', '--vscode-foreground'),
    muted: read('--vscode-descriptionForeground', '--vscode-editor-foreground'),
    background: read('--vscode-editor-background'),
    grid: read('--vscode-editorWidget-border', '--vscode-panel-border', '--vscode-descriptionForeground'),
    border: read('--vscode-editorWidget-border', '--vscode-contrastBorder', '--vscode-descriptionForeground'),
    palette: PALETTE_VARS.map((name) => read(name, '--vscode-editor-foreground')),
    fontFamily: read('--vscode-font-family') || 'sans-serif',
    monoFamily: read('--vscode-editor-font-family') || 'monospace',
  };
}

const listeners = new Set<() => void>();
let observer: MutationObserver | undefined;

/**
 * Calls `listener` after VS Code switches theme: it rewrites the style attribute of <html> and
 * the theme class of <body>. Returns the unsubscribe function.
 */
export function onThemeChange(listener: () => void): () => void {
  listeners.add(listener);
  if (!observer) {
    observer = new MutationObserver(() => listeners.forEach((l) => l()));
    const options = { attributes: true, attributeFilter: ['style', 'class'] };
    observer.observe(document.documentElement, options);
    if (document.body) observer.observe(document.body, options);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) {
      observer?.disconnect();
      observer = undefined;
    }
  };
}
