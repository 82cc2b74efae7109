// Models as outputs: the layer graph (MIME.model, drawn by the renderer) with tfjs's own
// model.summary() text as the fallback that every viewer can show.

import { errorMessage } from '../../common/guards';
import type { LayersModel } from '@tensorflow/tfjs';
import { MIME } from '../../common/outputs';
import type { MimeBundle } from './mimeBundle';
import { modelGraphPayload } from './modelGraph';

export function modelBundle(model: LayersModel): MimeBundle {
  let payload;
  try {
    payload = modelGraphPayload(model);
  } catch (error) {
    // An unbuilt Sequential model (no inputShape yet) has no graph to draw.
    return { 'text/plain': `${model.getClassName()} "${model.name}" (not built yet: ${errorMessage(error)})` };
  }
  return { [MIME.model]: payload, 'text/plain': payload.summary };
}
