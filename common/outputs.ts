// Output MIME types the kernel emits and the renderer draws. Each payload carries `version`:
// a renderer must keep drawing every version it ever shipped, so saved notebooks keep rendering.
// Every rich output also carries a text/plain item, for viewers without the renderer.

export const MIME = {
  model: 'application/vnd.tlnb.model+json',
  training: 'application/vnd.tlnb.training+json',
  images: 'application/vnd.tlnb.images+json',
  confusion: 'application/vnd.tlnb.confusion+json',
  plot: 'application/vnd.tlnb.plot+json',
} as const;

export type TlnbMime = (typeof MIME)[keyof typeof MIME];

/** A shape as tfjs reports it; null is a free (batch) dimension. */
export type Shape = Array<number | null>;

export interface ModelGraphPayload {
  version: 1;
  name: string;
  className: string; // tfjs's class name: 'Sequential' or 'Model' (functional)
  layers: LayerNode[];
  /** Ids of the model's input and output nodes, in order. */
  inputs: string[];
  outputs: string[];
  totals: { trainable: number; nonTrainable: number };
  /** Keras-style model.summary() text; also sent as the text/plain item. */
  summary: string;
}

export interface LayerNode {
  id: string; // unique within its graph, usually the layer name
  name: string;
  className: string;
  outputShape: Shape | Shape[];
  params: number;
  /**
   * False when the layer holds weights and none of them train (a frozen layer, as in fine-tuning).
   * Layers without weights (Input, Add, Activation...) are true.
   */
  trainable: boolean;
  /** Parameters in trainable weights; `params - trainableParams` are frozen or non-trainable stats. */
  trainableParams?: number;
  activation?: string;
  /** Ids of the layers feeding this one (several for merges such as Add or Concatenate). */
  inbound: string[];
  /**
   * Present when the layer is called more than once in this graph (a shared layer): the inbound
   * ids of each call, in call order. `inbound` is then the concatenation of all calls.
   */
  calls?: string[][];
  weights: Array<{ name: string; shape: number[]; trainable: boolean }>;
  /** The layer's config as JSON, shown in the details panel; never evaluated. */
  config: Record<string, unknown>;
  /** A nested model, drawn collapsed and expandable. */
  nested?: ModelGraphPayload;
}

export interface TrainingPayload {
  version: 1;
  runs: TrainingRun[];
}

export interface TrainingRun {
  name: string;
  status: 'running' | 'done' | 'stopped' | 'failed';
  /** Names of the logged metrics, e.g. ['loss', 'acc', 'val_loss', 'val_acc']. */
  metrics: string[];
  epochs: number; // planned
  batchesPerEpoch?: number;
  /** One point per batch: global batch index (0-based) and the metric values logged for it. */
  batches: Array<{ step: number; values: Record<string, number> }>;
  /** One point per finished epoch (1-based), including val_* metrics. */
  epochEnds: Array<{ epoch: number; step: number; values: Record<string, number> }>;
  message?: string; // why it stopped or failed
}

export interface ImageGridPayload {
  version: 1;
  width: number;
  height: number;
  channels: 1 | 3;
  /** Row-major uint8 pixels, base64, width*height*channels bytes each. */
  images: Array<{ pixels: string; label?: string; prediction?: string }>;
  title?: string;
  /** How many images the batch had when only the first `images.length` were sent. */
  total?: number;
}

export interface ConfusionPayload {
  version: 1;
  labels: string[];
  /** matrix[actual][predicted] counts. */
  matrix: number[][];
  title?: string;
}

/** Line plots of functions or data (activation curves, loss surfaces, learning-rate sweeps). */
export interface PlotPayload {
  version: 1;
  title?: string;
  xLabel?: string;
  yLabel?: string;
  logY?: boolean;
  series: Array<{ name: string; x: number[]; y: number[] }>;
}

/**
 * Optional fast path for live training charts, sent by the extension through
 * `vscode.notebooks.createRendererMessaging('tlnb.renderer')`: new points for a training output
 * already on screen, so the webview does not re-parse the whole payload on every update. The
 * output itself must still be replaced now and then (and at the end of fit) with the full
 * payload: that is what is saved, and what a re-opened notebook draws. Points already shown
 * are skipped, so a message and a replaced output may overlap.
 */
export interface TrainingAppendMessage {
  type: 'tlnb.training.append';
  version: 1;
  /** The id of the NotebookCellOutput that holds the training item. */
  outputId: string;
  runs: Array<{
    /** Index into the payload's runs; one past the end starts a new run. */
    index: number;
    run?: Omit<TrainingRun, 'batches' | 'epochEnds'>;
    batches: TrainingRun['batches'];
    epochEnds: TrainingRun['epochEnds'];
  }>;
}

/**
 * Sent by the renderer to the extension when it starts or stops drawing a training output, so the
 * extension sends TrainingAppendMessages only for outputs a renderer is drawing, and replaces the
 * output (the slow path) for the others.
 */
export interface TrainingListeningMessage {
  type: 'tlnb.training.listening' | 'tlnb.training.closed';
  outputId: string;
}
