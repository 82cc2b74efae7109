// npm run gpu:payload [-- --out FILE --debs DIR]
//
// Builds one self-contained tarball for a GPU machine that has no Node.js and no network
// (docs/benchmarks/gpu.md): unpack it anywhere, run ./run.sh, read results/. Inside:
//   run.sh              check:gpu, bench:gpu-dispatch, bench:gpu within a time limit (scripts/gpu/run.sh)
//   node/bin/node       this Node (process.execPath)
//   tlnb/bin/tlnb.js, tlnb/dist/   the built CLI and kernel without source maps, with the wasm
//                       binaries, dawn.node and the bundled data; plus, bundled by esbuild so that
//                       neither tsx nor node_modules is needed: gpu-check.js (scripts/gpu/check.ts),
//                       gpu-bench.js and gpu-bench-worker.js (scripts/bench/gpu.ts, gpuWorker.ts),
//                       gpu-dispatch.js (scripts/bench/gpuDispatch.ts),
//                       gpu-parity.test.js (test/gpu/webgpuParity.test.ts), and backends_torch.py
//   tlnb/samples/       the sample notebooks and their models
//   tlnb/test/gpu/fixtures/memory-profile.tlnb   check:gpu's memory profile notebook
//   vulkan/lib/         the Vulkan loader and the glvnd libraries NVIDIA's Vulkan driver needs,
//                       from Debian's packages (apt-get download, or the .deb files in --debs DIR)
import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as esbuild from 'esbuild';

const ROOT = resolve(import.meta.dirname, '..', '..');
const option = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1] : fallback;
};
const out = resolve(option('out', join(ROOT, 'out', 'tlnb-gpu-payload.tar.xz')));
const debsDir = option('debs', '');

/** Debian packages with the Vulkan loader and glvnd (facts.md, "WebGPU in Node, and the GPU"). */
export const VULKAN_DEBS = ['libvulkan1', 'libegl1', 'libglvnd0', 'libopengl0', 'libgl1', 'libglx0', 'libgles2', 'libx11-6', 'libxcb1', 'libxau6', 'libxdmcp6', 'libxext6', 'libbsd0', 'libmd0'];
/** What tlnb run and the GPU scripts read from dist/ (the extension, IntelliSense and renderer files stay out). */
const DIST_KEEP = /^(cli|kernel|kernelInterrupt|webgpuDevice)\.js$|\.wasm$|^(webgpu|esbuild|data)$/;

const stage = mkdtempSync(join(tmpdir(), 'tlnb-gpu-payload-'));
const run = (command, args, options = {}) => execFileSync(command, args, { stdio: 'inherit', ...options });
try {
  console.log('building dist/ (npm run build)…');
  run(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT });
  const tlnb = join(stage, 'tlnb');
  mkdirSync(join(tlnb, 'dist'), { recursive: true });
  cpSync(join(ROOT, 'bin'), join(tlnb, 'bin'), { recursive: true });
  cpSync(join(ROOT, 'package.json'), join(tlnb, 'package.json'));
  for (const name of readdirSync(join(ROOT, 'dist'))) {
    if (DIST_KEEP.test(name)) cpSync(join(ROOT, 'dist', name), join(tlnb, 'dist', name), { recursive: true });
  }
  cpSync(join(ROOT, 'samples'), join(tlnb, 'samples'), { recursive: true, filter: (path) => !path.includes('my-models') });
  cpSync(join(ROOT, 'test', 'gpu', 'fixtures', 'memory-profile.tlnb'), join(tlnb, 'test', 'gpu', 'fixtures', 'memory-profile.tlnb'));
  await esbuild.build({
    entryPoints: {
      'gpu-check': join(ROOT, 'scripts', 'gpu', 'check.ts'),
      'gpu-bench': join(ROOT, 'scripts', 'bench', 'gpu.ts'),
      'gpu-bench-worker': join(ROOT, 'scripts', 'bench', 'gpuWorker.ts'),
      'gpu-dispatch': join(ROOT, 'scripts', 'bench', 'gpuDispatch.ts'),
      'gpu-parity.test': join(ROOT, 'test', 'gpu', 'webgpuParity.test.ts'),
    },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    mainFields: ['module', 'main'],
    keepNames: true,
    minify: true,
    legalComments: 'none',
    logLevel: 'warning',
    outdir: join(tlnb, 'dist'),
    external: ['esbuild'],
  });
  cpSync(join(ROOT, 'scripts', 'bench', 'backends_torch.py'), join(tlnb, 'dist', 'backends_torch.py'));

  mkdirSync(join(stage, 'node', 'bin'), { recursive: true });
  cpSync(process.execPath, join(stage, 'node', 'bin', 'node'));
  cpSync(join(ROOT, 'scripts', 'gpu', 'run.sh'), join(stage, 'run.sh'));
  chmodSync(join(stage, 'run.sh'), 0o755);

  const debs = debsDir || mkdtempSync(join(tmpdir(), 'tlnb-gpu-debs-'));
  if (!debsDir) {
    console.log(`downloading ${VULKAN_DEBS.length} Debian packages (apt-get download)…`);
    run('apt-get', ['download', ...VULKAN_DEBS], { cwd: debs });
  }
  const unpacked = mkdtempSync(join(tmpdir(), 'tlnb-gpu-debs-x-'));
  const found = readdirSync(debs).filter((f) => f.endsWith('.deb'));
  const missing = VULKAN_DEBS.filter((name) => !found.some((f) => f.startsWith(`${name}_`)));
  if (missing.length) throw new Error(`no .deb for ${missing.join(', ')} in ${debs}`);
  for (const deb of found) run('dpkg-deb', ['-x', join(debs, deb), unpacked]);
  const libDir = join(unpacked, 'usr', 'lib', 'x86_64-linux-gnu');
  mkdirSync(join(stage, 'vulkan', 'lib'), { recursive: true });
  for (const name of readdirSync(libDir)) if (/\.so(\.\d+)*$/.test(name)) cpSync(join(libDir, name), join(stage, 'vulkan', 'lib', name), { verbatimSymlinks: true });
  rmSync(unpacked, { recursive: true, force: true });
  if (!debsDir) rmSync(debs, { recursive: true, force: true });

  mkdirSync(resolve(out, '..'), { recursive: true });
  console.log(`packing ${out} (xz)…`);
  run('tar', ['-cJf', out, '-C', stage, '.'], { env: { ...process.env, XZ_OPT: '-6 -T0' } });
  const mib = (statSync(out).size / 2 ** 20).toFixed(1);
  console.log(`\n${out}: ${mib} MiB. On the GPU machine: mkdir p && tar -xJf ${out.split('/').at(-1)} -C p && p/run.sh p/results`);
  if (!existsSync(out)) process.exit(1);
} finally {
  rmSync(stage, { recursive: true, force: true });
}
