// The command stream between the kernel's main thread and its WebGPU device thread
// (lib/backends/webgpu/commandStream.ts): every command written comes out of the reader the same,
// in order, with the structured-cloned extras where they were; sizes past 2^31 keep their value;
// a failing command does not stop the ones after it. (On a GPU adapter: test/gpu/webgpuProxy.test.ts.)

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CommandWriter, describeCommands, fitsWord, readCommands, type CommandHandler } from '../../../lib/backends/webgpu/commandStream';
import type { ToWorker } from '../../../lib/backends/webgpu/protocol';

function batchOf(write: (out: CommandWriter) => void): ToWorker {
  const out = new CommandWriter();
  write(out);
  const taken = out.take();
  assert.ok(taken !== undefined);
  // Through a real postMessage-style clone and transfer, as the device thread receives it.
  return structuredClone(taken.message, { transfer: taken.transfer });
}

test('every command comes back with its arguments, in order, extras where they were written', () => {
  const big = 0xfff0_0000; // past 2^31: stored in a signed word, read back unsigned
  const upload = Uint8Array.from({ length: 7 }, (_, i) => i + 1); // not a multiple of four bytes
  const batch = batchOf((out) => {
    out.createBuffer(101, big, 0x84, true);
    out.createCommandEncoder(102);
    out.extra({ op: 'call', target: 1, method: 'createShaderModule', args: [{ code: 'x' }], result: 103 });
    out.beginComputePass(102, 104);
    out.setPipeline(104, 105);
    out.writeBuffer(101, big, upload);
    out.createBindGroup(106, 107, [
      { binding: 0, buffer: 101 },
      { binding: 1, buffer: 108, offset: 256, size: big },
    ]);
    out.setBindGroup(104, 0, 106);
    out.dispatch(104, 65535, 2, 1);
    out.end(104);
    out.copyBufferToBuffer(102, 101, 4, 109, big, 16);
    out.finish(102, 110);
    out.extra({ op: 'workDone', request: 9 });
    out.submit([110, 111]);
    out.release([106, 101]);
    out.unmapWrite(112, [
      { offset: 0, bytes: upload },
      { offset: big, bytes: new Uint8Array([9]) },
    ]);
    out.destroyBuffer(112);
  });
  const seen = describeCommands(batch);
  assert.deepEqual(
    seen.map((c) => c.name),
    ['createBuffer', 'createCommandEncoder', 'createShaderModule', 'beginComputePass', 'setPipeline', 'writeBuffer', 'createBindGroup', 'setBindGroup', 'dispatchWorkgroups', 'end', 'copyBufferToBuffer', 'finish', 'workDone', 'submit', 'release', 'unmapWrite', 'destroy'],
  );
  assert.deepEqual(seen[0]!.args, [101, big, 0x84, true]);
  assert.deepEqual(seen[2]!.args, [{ op: 'call', target: 1, method: 'createShaderModule', args: [{ code: 'x' }], result: 103 }]);
  assert.deepEqual(seen[6]!.args, [
    106,
    107,
    [
      { binding: 0, buffer: 101, offset: 0 },
      { binding: 1, buffer: 108, offset: 256, size: big },
    ],
  ]);
  assert.deepEqual(seen[8]!.args, [104, 65535, 2, 1]);
  assert.deepEqual(seen[10]!.args, [102, 101, 4, 109, big, 16]);
  assert.deepEqual(seen[13]!.args, [[110, 111]]);
  assert.deepEqual(seen[14]!.args, [[106, 101]]);
  assert.deepEqual(seen[15]!.args, [
    112,
    [
      { offset: 0, bytes: '<7 bytes>' },
      { offset: big, bytes: '<1 bytes>' },
    ],
  ]);
  assert.deepEqual(seen[16]!.args, [112]);

  // The uploaded bytes themselves, as the device thread's handler sees them.
  let bytes: number[] = [];
  let at = -1;
  let mapped: number[][] = [];
  readCommands(
    batch,
    { ...ignoreAll(), writeBuffer: (_b, offset, view) => ((bytes = [...view]), (at = offset)), unmapWrite: (_b, ranges) => (mapped = ranges.map((r) => [r.offset, ...r.bytes])) },
    assert.fail,
  );
  assert.deepEqual(bytes, [1, 2, 3, 4, 5, 6, 7]);
  assert.equal(at, big);
  assert.deepEqual(mapped, [
    [0, 1, 2, 3, 4, 5, 6, 7],
    [big, 9],
  ]);
});

test('the writer copies an upload when it is written (the caller may reuse its array), and starts empty after take', () => {
  const out = new CommandWriter();
  const upload = new Float32Array([1.5, -2]);
  out.writeBuffer(1, 0, new Uint8Array(upload.buffer));
  upload[0] = 99;
  const batch = out.take()!.message;
  let values: number[] = [];
  readCommands(batch, { ...ignoreAll(), writeBuffer: (_b, _o, view) => (values = [...new Float32Array(view.slice().buffer)]) }, assert.fail);
  assert.deepEqual(values, [1.5, -2]);
  assert.equal(out.take(), undefined);
  assert.equal(out.count, 0);
});

test('a batch larger than the first allocation grows and keeps every command', () => {
  const batch = batchOf((out) => {
    for (let i = 0; i < 5000; i++) out.dispatch(7, i, 1, 1);
    out.writeBuffer(3, 0, new Uint8Array(100_000).fill(5));
  });
  const seen = describeCommands(batch);
  assert.equal(seen.length, 5001);
  assert.deepEqual(seen[4999]!.args, [7, 4999, 1, 1]);
  assert.deepEqual(seen[5000]!.args, [3, 0, '<100000 bytes>']);
});

test('a command that throws is reported by name and the next ones still run', () => {
  const batch = batchOf((out) => {
    out.setPipeline(1, 2);
    out.dispatch(1, 4, 1, 1);
    out.end(1);
  });
  const ran: string[] = [];
  const failed: string[] = [];
  readCommands(
    batch,
    {
      ...ignoreAll(),
      setPipeline: () => {
        throw new Error('object #2 was released or never created');
      },
      dispatch: () => ran.push('dispatch'),
      end: () => ran.push('end'),
    },
    (name, error) => failed.push(`${name}: ${(error as Error).message}`),
  );
  assert.deepEqual(failed, ['setPipeline: object #2 was released or never created']);
  assert.deepEqual(ran, ['dispatch', 'end']);
});

test('a stream from another build (an unknown opcode) is reported, not misread', () => {
  const failed: string[] = [];
  readCommands({ type: 'batch', stream: new Int32Array([999, 1, 2]).buffer, extras: [] }, ignoreAll(), (_name, error) => failed.push((error as Error).message));
  assert.equal(failed.length, 1);
  assert.match(failed[0]!, /unknown opcode 999.*different tlnb builds/);
});

test('fitsWord takes what a word can hold, nothing else', () => {
  for (const n of [0, 1, 2 ** 31, 0xffff_ffff]) assert.ok(fitsWord(n), String(n));
  for (const n of [-1, 2 ** 32, 1.5, Number.NaN, '4', undefined]) assert.ok(!fitsWord(n), String(n));
});

function ignoreAll(): CommandHandler {
  const nothing = () => {};
  return {
    extra: nothing,
    setPipeline: nothing,
    setBindGroup: nothing,
    dispatch: nothing,
    createBindGroup: nothing,
    writeBuffer: nothing,
    createBuffer: nothing,
    createCommandEncoder: nothing,
    beginComputePass: nothing,
    end: nothing,
    finish: nothing,
    submit: nothing,
    copyBufferToBuffer: nothing,
    release: nothing,
    unmapWrite: nothing,
    destroyBuffer: nothing,
  };
}
