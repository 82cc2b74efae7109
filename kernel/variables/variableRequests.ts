// Answers the Variables view's requests (list-variables, inspect-variable; common/protocol.ts) from
// the notebook's top-level bindings. Like the model requests, they refuse with `busy` while a cell
// runs and never run cell code. Only names cells made are listed: the globals present before the
// first cell (Node's, and the kernel's `display`, `require`…) are the baseline left out.

import { errorMessage } from '../../common/guards';
import type { InspectVariableRequest, KernelMessage, ListVariablesRequest, OutputItem, ReplyMessage } from '../../common/protocol';
import { loadedTf } from '../../lib/tfInstance';
import type { ReplEvaluator } from '../repl/replEvaluator';
import type { KernelSession } from '../session';
import { describeVariables, notebookBindings } from './describeVariables';

export async function answerVariableRequest(
  request: ListVariablesRequest | InspectVariableRequest,
  kernel: { session: KernelSession; evaluator: ReplEvaluator; baseline: Promise<Map<string, unknown>>; send(message: KernelMessage): void },
): Promise<void> {
  const reply = (fields: Omit<ReplyMessage, 'type' | 'id'>) => kernel.send({ type: 'reply', id: request.id, ...fields });
  try {
    const baseline = await kernel.baseline;
    const outcome = await kernel.session.whileIdle(async (): Promise<Omit<ReplyMessage, 'type' | 'id'>> => {
      const bindings = notebookBindings(await kernel.evaluator.globalBindings(), baseline);
      if (request.type === 'list-variables') return { variables: describeVariables(bindings, loadedTf()) };
      if (!bindings.has(request.variable)) return { error: `the notebook has no variable \`${request.variable}\` (any more): run the cell that defines it` };
      return { inspected: await inspectItems(bindings.get(request.variable)) };
    });
    reply('busy' in outcome ? { busy: outcome.busy } : outcome.done);
  } catch (error) {
    reply({ error: errorMessage(error) });
  }
}

/** The display's own representations (a model's graph, a tensor's summarised values), as a cell's result would show it. */
async function inspectItems(value: unknown): Promise<OutputItem[]> {
  // Loaded here: the display code brings tfjs-dependent modules the kernel loads only when needed.
  const [{ bundleFor }, { toOutputItems }] = await Promise.all([import('../../lib/display/richDisplay'), import('../../lib/display/mimeBundle')]);
  return toOutputItems(bundleFor(value, 'result'));
}
