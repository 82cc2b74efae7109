// The panel that opens when a layer is clicked: everything the payload knows about the layer.
// The config is shown as JSON text; nothing from it is ever evaluated or parsed as HTML.

import type { LayerNode } from '../../common/outputs';
import { button, h } from '../dom';
import { formatInteger, formatShapeFull } from '../format';

export function detailsPanel(layer: LayerNode, onClose: () => void): HTMLElement {
  const trainableParams = layer.trainableParams ?? (layer.trainable ? layer.params : 0);
  const status = layer.params === 0 ? 'no weights' : layer.trainable ? 'trainable' : 'frozen (trainable = false)';
  const panel = h(
    'aside',
    { class: 'details', 'aria-label': `Details of ${layer.name}` },
    button('×', 'Close details', onClose, { class: 'close' }),
    h('h3', {}, layer.name),
    h('div', { class: 'sub' }, `${layer.className} · ${status}`),
    table([
      ['Output shape', formatShapeFull(layer.outputShape)],
      ['Parameters', formatInteger(layer.params)],
      ['Trainable', formatInteger(trainableParams)],
      ['Non-trainable', formatInteger(layer.params - trainableParams)],
      ...(layer.activation ? [['Activation', layer.activation] as [string, string]] : []),
      ['Inputs from', layer.calls ? layer.calls.map((c, i) => `call ${i + 1}: ${c.join(', ')}`).join('\n') : layer.inbound.join(', ') || '—'],
    ]),
  );
  if (layer.weights.length > 0) {
    panel.append(
      h('h4', {}, 'Weights'),
      h(
        'table',
        {},
        h('tr', {}, h('th', {}, 'name'), h('th', {}, 'shape'), h('th', {}, 'trains')),
        ...layer.weights.map((w) =>
          h('tr', {}, h('td', {}, w.name), h('td', {}, `[${w.shape.join(', ')}]`), h('td', {}, w.trainable ? 'yes' : 'no')),
        ),
      ),
    );
  }
  panel.append(h('h4', {}, 'Config'), h('pre', {}, JSON.stringify(layer.config, null, 2)));
  return panel;
}

function table(rows: Array<[string, string]>): HTMLTableElement {
  return h('table', {}, ...rows.map(([k, v]) => h('tr', {}, h('th', {}, k), h('td', { style: 'white-space:pre-wrap' }, v))));
}
