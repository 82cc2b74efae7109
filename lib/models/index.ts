// The `models` namespace of the `tlnb` module: model files and weight transfer.
//   import { models } from 'tlnb';
//   await model.save(models.fileModelIO('models/mnist-mlp'));   // or model.save('file://models/mnist-mlp')

import { MODEL_FILE, WEIGHTS_FILE, fileModelIO, modelFolder, registerFileScheme } from './fileModelIO';
import { copyLayerWeights } from './transfer';

export const models = { fileModelIO, registerFileScheme, modelFolder, copyLayerWeights, MODEL_FILE, WEIGHTS_FILE } as const;
