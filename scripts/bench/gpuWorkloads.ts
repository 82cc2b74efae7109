// The workloads of `npm run bench:gpu` (issue 18's table, and models like the samples'), as
// model specs that both the tfjs worker (models.ts specModel) and the PyTorch reference
// (backends_torch.py build_spec) build the same way:
//   mlp:784,512,10        Dense layers, relu between, softmax last (input 784)
//   cnn:3:32,64:10        28x28x1 input; per filter count a conv kxk (valid, relu) and a 2x2 max-pool;
//                         then flatten and Dense layers (relu between, softmax last)
//   matmul:2048           a[n,n] @ b[n,n] in float32, throughput in GFLOP/s
// --quick shrinks each to a size software Vulkan (SwiftShader) finishes in seconds.

export interface GpuWorkload {
  name: string;
  /** What the table says it is. */
  label: string;
  spec: string;
  batch: number;
}

export const GPU_WORKLOADS: readonly GpuWorkload[] = [
  { name: 'mlp', label: 'MLP 784-512-10, batch 128', spec: 'mlp:784,512,10', batch: 128 },
  { name: 'mlp-big', label: 'MLP 784-4096-4096-10, batch 512', spec: 'mlp:784,4096,4096,10', batch: 512 },
  { name: 'cnn', label: 'CNN conv32-pool-conv64-pool-dense, batch 128', spec: 'cnn:3:32,64:10', batch: 128 },
  { name: 'matmul', label: 'matMul 2048x2048 f32', spec: 'matmul:2048', batch: 1 },
  // The samples' models: chapters 5 and 6 (784-128-10, batch 32), chapter 7's CNN (conv8 5x5, conv16 5x5, batch 64).
  { name: 'sample-mlp', label: 'samples 05/06: MLP 784-128-10, batch 32', spec: 'mlp:784,128,10', batch: 32 },
  { name: 'sample-cnn', label: 'sample 07: CNN conv8-pool-conv16-pool-dense, batch 64', spec: 'cnn:5:8,16:10', batch: 64 },
];

const QUICK: Record<string, Partial<GpuWorkload>> = {
  mlp: { label: 'MLP 784-512-10, batch 32 (quick)', batch: 32 },
  'mlp-big': { label: 'MLP 784-256-256-10, batch 32 (quick)', spec: 'mlp:784,256,256,10', batch: 32 },
  cnn: { label: 'CNN conv32-pool-conv64-pool-dense, batch 16 (quick)', batch: 16 },
  matmul: { label: 'matMul 256x256 f32 (quick)', spec: 'matmul:256' },
  'sample-cnn': { label: 'sample 07: CNN conv8-pool-conv16-pool-dense, batch 16 (quick)', batch: 16 },
};

export function gpuWorkloads(quick: boolean): GpuWorkload[] {
  return GPU_WORKLOADS.map((w) => (quick ? { ...w, ...QUICK[w.name] } : { ...w }));
}

export type ParsedSpec =
  | { kind: 'mlp'; units: number[] }
  | { kind: 'cnn'; kernel: number; filters: number[]; dense: number[] }
  | { kind: 'matmul'; n: number };

const numbers = (text: string | undefined, spec: string): number[] => {
  const values = (text ?? '').split(',').map(Number);
  if (values.length === 0 || values.some((v) => !Number.isInteger(v) || v <= 0)) throw new Error(`bad workload spec "${spec}": "${text}" is not a list of positive integers`);
  return values;
};

export function parseSpec(spec: string): ParsedSpec {
  const [kind, ...rest] = spec.split(':');
  if (kind === 'mlp' && rest.length === 1) return { kind, units: numbers(rest[0], spec) };
  if (kind === 'cnn' && rest.length === 3) return { kind, kernel: numbers(rest[0], spec)[0]!, filters: numbers(rest[1], spec), dense: numbers(rest[2], spec) };
  if (kind === 'matmul' && rest.length === 1) return { kind, n: numbers(rest[0], spec)[0]! };
  throw new Error(`bad workload spec "${spec}": use mlp:784,512,10 or cnn:3:32,64:10 or matmul:2048`);
}
