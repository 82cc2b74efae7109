// What every data source produces: examples as one float tensor, class ids and class names.

import type * as tf from '@tensorflow/tfjs';

/** Where the examples come from; each kind has its own loader. */
export type DataSource =
  | { format: 'idx'; images: string; labels: string }
  | { format: 'csv'; path: string; labelColumn?: string }
  | { format: 'folder'; path: string };

export type DataFormat = DataSource['format'];

export interface ImageLayout {
  height: number;
  width: number;
  channels: 1 | 3;
}

export interface Dataset {
  /** [N, ...featureShape], float32. */
  xs: tf.Tensor;
  /** The class id (0..classNames.length-1) of each example. */
  classIds: Int32Array;
  classNames: string[];
  featureShape: number[];
  /** Set when the examples are images, so that sample predictions can be shown as pictures. */
  image?: ImageLayout;
  source: DataSource;
  /** One line for summaries: "IDX images a with labels b: 1,000 examples of 28×28". */
  description: string;
  /** Where example i comes from ("line 12 of x.csv", "cat/3.png"), for messages. */
  describeExample(index: number): string;
  /** Things the loader did that a user should know about (files skipped, images resized). */
  notes: string[];
}

/** Options every loader takes. */
export interface LoadOptions {
  /** The model's input shape without the batch dimension (image folders are resized to it). */
  inputShape?: ReadonlyArray<number | null>;
  /** Labels are class ids 0..classCount-1 (checked); absent: the distinct labels become the classes. */
  classCount?: number;
}
