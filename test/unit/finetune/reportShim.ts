// Stands in for the `tlnb` module when the report test runs a report's cells outside a kernel:
// the real finetune and models namespaces, and a display() that hands values to the test.
export { finetune } from '../../../lib/finetune';
export { models } from '../../../lib/models';

export function display(value: unknown): void {
  (globalThis as { tlnbReportDisplay?: (value: unknown) => void }).tlnbReportDisplay?.(value);
}
