// Zoom and pan for the graph's SVG: drag to pan, wheel to scroll (the notebook scrolls on once
// the graph's edge is reached), Ctrl/⌘ + wheel or pinch to zoom about the pointer.

export interface ZoomState {
  k: number;
  x: number;
  y: number;
}

export interface Zoom {
  state(): ZoomState;
  set(state: ZoomState): void;
  zoomBy(factor: number, at?: { x: number; y: number }): void;
  /** True while (and just after) a drag moved the view, so clicks that end a drag are ignored. */
  dragged(): boolean;
  dispose(): void;
}

const MIN_K = 0.1;
const MAX_K = 3;

/**
 * `view` gives the frame's size without reading layout (the caller caches it): reading
 * clientWidth right after the graph is inserted would force a layout of every node, twice.
 */
export function attachZoom(
  svg: SVGSVGElement,
  viewport: SVGGElement,
  content: () => { width: number; height: number },
  view: () => { width: number; height: number },
  /** Called after every change of the view, e.g. to draw what came into sight. */
  onChange: (state: ZoomState) => void,
): Zoom {
  let st: ZoomState = { k: 1, x: 0, y: 0 };
  let moved = false;

  /** Keeps some of the graph in view: it may not be panned entirely out of the frame. */
  const clamp = (next: ZoomState): ZoomState => {
    const { width, height } = content();
    const { width: vw, height: vh } = view();
    const w = width * next.k;
    const h = height * next.k;
    const x = w <= vw ? Math.min(Math.max(next.x, 0), vw - w) : Math.min(Math.max(next.x, vw - w - 40), 40);
    const y = h <= vh ? Math.min(Math.max(next.y, 0), vh - h) : Math.min(Math.max(next.y, vh - h - 40), 40);
    return { k: next.k, x, y };
  };
  const apply = (next: ZoomState) => {
    st = clamp(next);
    viewport.setAttribute('transform', `translate(${st.x.toFixed(1)},${st.y.toFixed(1)}) scale(${st.k.toFixed(4)})`);
    onChange(st);
  };
  const zoomBy = (factor: number, at = { x: view().width / 2, y: view().height / 2 }) => {
    const k = Math.min(MAX_K, Math.max(MIN_K, st.k * factor));
    const ratio = k / st.k;
    apply({ k, x: at.x - (at.x - st.x) * ratio, y: at.y - (at.y - st.y) * ratio });
  };

  const onWheel = (event: WheelEvent) => {
    const rect = svg.getBoundingClientRect();
    if (event.ctrlKey || event.metaKey) {
      event.preventDefault();
      zoomBy(Math.exp(-event.deltaY * 0.0025), { x: event.clientX - rect.left, y: event.clientY - rect.top });
      return;
    }
    const before = st;
    apply({ ...st, x: st.x - event.deltaX, y: st.y - event.deltaY });
    // Only keep the wheel when the graph actually moved; otherwise the notebook scrolls.
    if (before.x !== st.x || before.y !== st.y) event.preventDefault();
  };

  let drag: { id: number; x: number; y: number; start: ZoomState } | undefined;
  const onDown = (event: PointerEvent) => {
    if (event.button !== 0) return;
    drag = { id: event.pointerId, x: event.clientX, y: event.clientY, start: st };
    moved = false;
  };
  const onMove = (event: PointerEvent) => {
    if (!drag || event.pointerId !== drag.id) return;
    const dx = event.clientX - drag.x;
    const dy = event.clientY - drag.y;
    if (!moved && Math.hypot(dx, dy) < 4) return;
    if (!moved) {
      moved = true;
      svg.setPointerCapture(event.pointerId);
      svg.classList.add('dragging');
    }
    apply({ ...drag.start, x: drag.start.x + dx, y: drag.start.y + dy });
  };
  const onUp = (event: PointerEvent) => {
    if (!drag || event.pointerId !== drag.id) return;
    drag = undefined;
    svg.classList.remove('dragging');
    // The click that ends a drag fires after pointerup; let it see `moved`, then reset.
    setTimeout(() => (moved = false), 0);
  };

  svg.addEventListener('wheel', onWheel, { passive: false });
  svg.addEventListener('pointerdown', onDown);
  svg.addEventListener('pointermove', onMove);
  svg.addEventListener('pointerup', onUp);
  svg.addEventListener('pointercancel', onUp);

  return {
    state: () => st,
    set: apply,
    zoomBy,
    dragged: () => moved,
    dispose: () => {
      svg.removeEventListener('wheel', onWheel);
      svg.removeEventListener('pointerdown', onDown);
      svg.removeEventListener('pointermove', onMove);
      svg.removeEventListener('pointerup', onUp);
      svg.removeEventListener('pointercancel', onUp);
    },
  };
}
