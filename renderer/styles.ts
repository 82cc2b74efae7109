// The stylesheet every output shares (adopted into each output's shadow root). Colours are VS
// Code theme variables only; `--vscode-contrastBorder` exists in high-contrast themes alone and
// strengthens outlines there.

import uplotCss from 'uplot/dist/uPlot.min.css';

const base = `
:host { display: block; }
.tlnb {
  --fg: var(--vscode-editor-foreground);
  --muted: var(--vscode-descriptionForeground);
  --bg: var(--vscode-editor-background);
  --widget: var(--vscode-editorWidget-background);
  --border: var(--vscode-contrastBorder, var(--vscode-editorWidget-border));
  --focus: var(--vscode-focusBorder);
  --blue: var(--vscode-charts-blue);
  --orange: var(--vscode-charts-orange);
  --green: var(--vscode-charts-green);
  --purple: var(--vscode-charts-purple);
  --red: var(--vscode-charts-red);
  --yellow: var(--vscode-charts-yellow);
  --good: var(--vscode-testing-iconPassed, var(--vscode-charts-green));
  --bad: var(--vscode-testing-iconFailed, var(--vscode-charts-red));
  color: var(--fg);
  font-family: var(--vscode-font-family);
  font-size: 12px;
  line-height: 1.4;
  position: relative;
}
.tlnb .header { display: flex; align-items: baseline; flex-wrap: wrap; gap: 4px 12px; margin: 2px 0 8px; }
.tlnb .header .name { font-weight: 600; font-size: 13px; }
.tlnb .header .facts { color: var(--muted); }
.tlnb .header .facts b { color: var(--fg); font-weight: 600; }
.tlnb .toolbar { margin-left: auto; display: flex; gap: 4px; align-items: center; flex-wrap: wrap; }
.tlnb button, .tlnb .toggle {
  font: inherit; font-size: 11px; color: var(--vscode-button-secondaryForeground);
  background: var(--vscode-button-secondaryBackground); border: 1px solid var(--vscode-button-border, transparent);
  border-radius: 3px; padding: 2px 8px; cursor: pointer; min-height: 20px;
}
.tlnb button:hover { background: var(--vscode-button-secondaryHoverBackground); }
.tlnb button:focus-visible, .tlnb input:focus-visible, .tlnb [tabindex]:focus-visible { outline: 1px solid var(--focus); outline-offset: 1px; }
.tlnb button[aria-pressed="true"] { background: var(--vscode-button-background); color: var(--vscode-button-foreground);
  outline: 1px solid var(--vscode-contrastActiveBorder, transparent); outline-offset: 1px; }
.tlnb .sep { width: 1px; height: 16px; background: var(--border); margin: 0 4px; }
.tlnb .error { color: var(--vscode-errorForeground); white-space: pre-wrap; }
.tlnb .note { color: var(--muted); font-size: 11px; }
`;

const graph = `
.graph-frame { position: relative; border: 1px solid var(--border); border-radius: 4px; overflow: hidden; background: var(--bg); }
.graph-frame svg.graph { display: block; cursor: grab; touch-action: none; user-select: none; }
.graph-frame svg.graph.dragging { cursor: grabbing; }
.graph-frame .cap-note { position: absolute; left: 8px; bottom: 8px; padding: 3px 8px; border-radius: 4px; font-size: 11px;
  background: var(--bg); border: 1px solid var(--border); color: var(--muted); pointer-events: none; }
svg.graph text { fill: var(--fg); font-family: var(--vscode-font-family); }
svg.graph .node { cursor: pointer; --cat: var(--muted); }
svg.graph .cat-spatial { --cat: var(--blue); }
svg.graph .cat-dense { --cat: var(--purple); }
svg.graph .cat-norm { --cat: var(--green); }
svg.graph .cat-act { --cat: var(--orange); }
svg.graph .cat-merge { --cat: var(--yellow); }
svg.graph .cat-model { --cat: var(--red); }
svg.graph .card { fill: color-mix(in srgb, var(--cat) 9%, var(--bg)); stroke: color-mix(in srgb, var(--cat) 55%, var(--bg)); stroke-width: 1; }
svg.graph .kind-input .card { fill: var(--bg); stroke: var(--muted); }
svg.graph .kind-model .card { stroke-width: 2.5; }
svg.graph .stripe { fill: var(--cat); }
svg.graph .title { font-size: 12px; font-weight: 600; }
svg.graph .kind { font-weight: 400; font-size: 11px; fill: var(--muted); }
svg.graph .detail { font-size: 11px; fill: var(--muted); font-variant-numeric: tabular-nums; }
svg.graph .merge-badge { fill: var(--cat); }
svg.graph .merge-symbol { fill: var(--bg); font-size: 13px; font-weight: 700; text-anchor: middle; }
svg.graph .frozen .card { stroke: var(--muted); stroke-dasharray: 4 3; fill: var(--bg); }
svg.graph .frozen .stripe { fill: var(--muted); }
svg.graph .hatch-fill { fill: url(#tlnb-frozen); pointer-events: none; }
svg.graph .hatch { stroke: var(--muted); stroke-width: 1.2; stroke-opacity: .28; }
svg.graph .badge rect { fill: var(--muted); }
svg.graph .badge-output rect { fill: var(--green); }
svg.graph .badge-shared rect { fill: var(--purple); }
svg.graph .badge text { fill: var(--bg); font-size: 9.5px; font-weight: 600; text-anchor: middle; letter-spacing: .02em; }
svg.graph .node.selected .card { stroke: var(--focus); stroke-width: 2.5; stroke-dasharray: none; }
svg.graph .node:hover .card { stroke: var(--focus); }
svg.graph .edge path { fill: none; stroke: var(--muted); stroke-opacity: .75; stroke-width: 1.3; }
svg.graph .edge.lit path { stroke: var(--focus); stroke-opacity: 1; stroke-width: 2; }
svg.graph .arrow { fill: var(--muted); }
svg.graph .edge-count { font-size: 10px; fill: var(--muted); font-weight: 600; }
svg.graph .cluster rect { fill: color-mix(in srgb, var(--red) 5%, transparent); stroke: var(--red); stroke-width: 1.2; stroke-dasharray: 6 3; }
svg.graph .cluster-label { font-size: 11px; font-weight: 600; fill: var(--red); cursor: pointer; }
.legend { display: flex; gap: 12px; flex-wrap: wrap; margin-top: 6px; color: var(--muted); font-size: 11px; }
.legend .swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 4px; vertical-align: -1px; }
.details {
  position: absolute; top: 8px; right: 8px; bottom: 8px; width: 320px; max-width: calc(100% - 16px); overflow: auto;
  background: var(--widget); color: var(--fg); border: 1px solid var(--border); border-radius: 4px;
  box-shadow: 0 2px 8px var(--vscode-widget-shadow); padding: 10px 12px; font-size: 12px;
}
.details h3 { margin: 0 24px 2px 0; font-size: 13px; word-break: break-all; }
.details .sub { color: var(--muted); margin-bottom: 8px; }
.details .close { position: absolute; top: 6px; right: 6px; padding: 0 6px; }
.details table { border-collapse: collapse; width: 100%; margin: 4px 0 8px; }
.details td, .details th { text-align: left; padding: 2px 4px; border-bottom: 1px solid var(--border); vertical-align: top; font-weight: 400; }
.details th { color: var(--muted); }
.details td.num { text-align: right; font-variant-numeric: tabular-nums; }
.details pre { font-family: var(--vscode-editor-font-family); font-size: 11px; white-space: pre-wrap; word-break: break-all; margin: 0;
  background: var(--vscode-textCodeBlock-background); padding: 6px; border-radius: 3px; }
.details h4 { margin: 8px 0 2px; font-size: 11px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); font-weight: 600; }
`;

const chart = `
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(360px, 1fr)); gap: 10px 16px; }
.chart-cell h4 { margin: 0; font-size: 12px; font-weight: 600; display: inline-block; margin-right: 10px; }
.readout { display: inline; font-size: 11px; color: var(--muted); font-variant-numeric: tabular-nums; }
.readout .x { margin-right: 10px; }
.readout .run-value { margin-right: 10px; white-space: nowrap; }
.readout b { color: var(--fg); font-weight: 600; }
.readout .swatch { display: inline-block; width: 10px; height: 3px; border-radius: 1px; margin: 0 4px 3px 0; }
.controls { display: flex; flex-wrap: wrap; gap: 6px 14px; align-items: center; margin: 0 0 8px; color: var(--muted); font-size: 11px; }
.controls label { display: inline-flex; gap: 6px; align-items: center; }
.controls input[type=range] { width: 110px; accent-color: var(--vscode-button-background); }
.controls .value { color: var(--fg); font-variant-numeric: tabular-nums; min-width: 28px; }
.status { font-size: 11px; color: var(--muted); }
.status .running { color: var(--blue); }
.status .failed, .status .stopped { color: var(--bad); }
.uplot, .uplot * { font-family: var(--vscode-font-family); }
.uplot .u-legend { font-size: 11px; color: var(--fg); text-align: left; }
.uplot .u-legend .u-marker { width: 10px; height: 3px; border-radius: 1px; }
.uplot .u-legend th { font-weight: 400; color: var(--muted); }
.uplot .u-legend tr.u-off > * { opacity: .35; }
.uplot .u-select { background: color-mix(in srgb, var(--focus) 15%, transparent); }
.uplot .u-cursor-x, .uplot .u-cursor-y { border-color: var(--muted) !important; }
`;

const images = `
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(var(--cell, 84px), 1fr)); gap: 8px; }
.cell { border: 1px solid var(--border); border-radius: 4px; padding: 4px; text-align: center; background: var(--bg); }
.cell canvas { width: 100%; image-rendering: pixelated; display: block; border-radius: 2px; }
.cell.correct { border-color: var(--good); }
.cell.wrong { border-color: var(--bad); border-width: 2px; padding: 3px; }
.cell .caption { font-size: 11px; margin-top: 3px; font-variant-numeric: tabular-nums; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.cell .mark { font-weight: 700; margin-right: 3px; }
.cell.correct .mark { color: var(--good); }
.cell.wrong .mark { color: var(--bad); }
.cell .pred { color: var(--muted); }
.cell.wrong .pred { color: var(--bad); font-weight: 600; }
.confusion { border-collapse: separate; border-spacing: 2px; font-variant-numeric: tabular-nums; }
.confusion th, .confusion td { padding: 0; min-width: 34px; height: 26px; text-align: center; font-size: 11px; }
.confusion th { color: var(--muted); font-weight: 400; }
.confusion td.count { border-radius: 3px; }
.confusion td.count.diag { font-weight: 600; }
.confusion td.count.zero { opacity: .5; }
.confusion td.metric { color: var(--fg); padding: 0 6px; }
.confusion .axis { color: var(--muted); font-size: 11px; }
.confusion tr.precision td, .confusion tr.precision th { border-top: 1px solid var(--border); }
.confusion td.recall, .confusion th.recall { border-left: 1px solid var(--border); }
.confusion .more-cell { color: var(--muted); font-style: italic; padding: 0 4px; }
.more { margin: 6px 0; color: var(--muted); display: flex; gap: 8px; align-items: center; }
`;

let sheet: CSSStyleSheet | undefined;

export function stylesheet(): CSSStyleSheet {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(uplotCss + base + graph + chart + images);
  }
  return sheet;
}

export const GRAPH_CSS = base + graph;
