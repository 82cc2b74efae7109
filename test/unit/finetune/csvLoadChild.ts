// Run by csvLimits.test.ts in a child process (node --max-old-space-size=N --import tsx): loads the
// CSV named on the command line with loadCsvDataset and prints one line of JSON with the row count
// or the error, and the process's peak resident memory, so the test can bound the memory reading takes.

import { loadCsvDataset } from '../../../lib/finetune/data/csvSource';

let result: { rows?: number; error?: string };
try {
  result = { rows: loadCsvDataset(process.argv[2]!).classIds.length };
} catch (error) {
  result = { error: (error as Error).message };
}
process.stdout.write(`${JSON.stringify({ ...result, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`);
