// Answers the client's list-models and save-model requests (common/protocol.ts) from the
// notebook's variables. Both refuse with `busy` while a cell runs: a model in the middle of a fit
// has no weights worth saving, and the client must never wait on a cell it knows nothing about.

import { errorMessage } from '../../common/guards';
import type { KernelMessage, ListModelsRequest, ReplyMessage, SaveModelRequest } from '../../common/protocol';
import type { ReplEvaluator } from '../repl/replEvaluator';
import type { KernelSession } from '../session';
import { loadedTf } from '../../lib/tfInstance';

export async function answerModelRequest(
  request: ListModelsRequest | SaveModelRequest,
  kernel: { session: KernelSession; evaluator: ReplEvaluator; send(message: KernelMessage): void },
): Promise<void> {
  const reply = (fields: Omit<ReplyMessage, 'type' | 'id'>) => kernel.send({ type: 'reply', id: request.id, ...fields });
  try {
    const outcome = await kernel.session.whileIdle(async (): Promise<Omit<ReplyMessage, 'type' | 'id'>> => {
      const tf = loadedTf();
      // No tfjs loaded yet: no cell can have made a model.
      if (!tf) return request.type === 'list-models' ? { models: [] } : { error: 'TensorFlow.js is not loaded in this kernel, so no variable holds a model' };
      // Loaded here, not at start: it brings tfjs, which the kernel loads only with its backend.
      const { modelInVariable, modelVariables, saveToFreshFolder } = await import('./modelVariables');
      const bindings = await kernel.evaluator.globalBindings();
      if (request.type === 'list-models') return { models: modelVariables(bindings, tf) };
      const model = modelInVariable(bindings, request.variable, tf);
      return { saved: await saveToFreshFolder(model, request.dir, request.stem) };
    });
    reply('busy' in outcome ? { busy: outcome.busy } : outcome.done);
  } catch (error) {
    reply({ error: errorMessage(error) });
  }
}
