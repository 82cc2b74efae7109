// tfjs-backend-webgpu's backend with synchronous reads that work in Node. Its own readSync draws
// the tensor through an OffscreenCanvas, which Node lacks ("OffscreenCanvas is not defined"); here
// it copies the tensor into a staging buffer, as the asynchronous read does, and maps it with
// RemoteBuffer.mapSync, which blocks until the device thread (deviceWorker.ts) has the bytes.
// dataSync, arraySync, bufferSync, print and toString all come through readSync. Reads, sync or
// not, also surface the errors the device reported, so a failed kernel never yields stale values.

import type * as tfjs from '@tensorflow/tfjs';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import { RemoteBuffer, RemoteDevice } from './deviceProxy';

/** The parts of WebGPUBackend that readSync needs (some are private in its typings). */
interface Internals {
  device: unknown;
  tensorMap: { get(dataId: object): { values: unknown; dtype: string; resource: unknown; complexTensorInfos?: { real: { dataId: object }; imag: { dataId: object } } } };
  bufferManager: { acquireBuffer(size: number, usage: number): RemoteBuffer; releaseBuffer(buffer: RemoteBuffer): void };
  commandEncoder: { copyBufferToBuffer(a: unknown, b: number, c: unknown, d: number, e: number): void };
  ensureCommandEncoderReady(): void;
  endComputePassEncoder(): void;
  submitQueue(): void;
  convertAndCacheOnCPU(dataId: object, values: unknown): unknown;
  hasReadSyncWarned: boolean;
}

type BackendValues = ReturnType<WebGPUBackend['readSync']>;

export function makeSyncReadBackend(tf: typeof tfjs, Base: typeof WebGPUBackend): typeof WebGPUBackend {
  const GPUBufferUsage = (globalThis as unknown as { GPUBufferUsage: Record<string, number> }).GPUBufferUsage;
  return class TlnbWebGPUBackend extends Base {
    constructor(device: GPUDevice, adapterInfo?: GPUAdapterInfo) {
      super(device, adapterInfo);
      // tfjs warns that synchronous reads are slow on webgpu; tlnb's cost is documented in docs/backends.md.
      (this as unknown as Internals).hasReadSyncWarned = true;
    }

    override readSync(dataId: object): BackendValues {
      const self = this as unknown as Internals;
      const device = self.device;
      if (!(device instanceof RemoteDevice)) return super.readSync(dataId);
      const tensorData = self.tensorMap.get(dataId);
      if (tensorData.values != null || tensorData.dtype === 'string') return tensorData.values as BackendValues;
      if (tensorData.dtype === 'complex64') {
        const { real, imag } = tensorData.complexTensorInfos!;
        const merged = tf.backend_util.mergeRealAndImagArrays(this.readSync(real.dataId) as Float32Array, this.readSync(imag.dataId) as Float32Array);
        const values = tf.util.convertBackendValuesAndArrayBuffer(merged.buffer as ArrayBuffer, 'float32');
        self.convertAndCacheOnCPU(dataId, values);
        return values as BackendValues;
      }
      device.channel.throwDeviceErrors('dataSync()');
      const buffer = tensorData.resource as RemoteBuffer | null;
      if (buffer == null) throw new Error('dataSync(): the tensor has no data on the GPU or the CPU (was it disposed?)');
      const size = buffer.size;
      const staging = self.bufferManager.acquireBuffer(size, GPUBufferUsage.COPY_DST | GPUBufferUsage.MAP_READ);
      self.ensureCommandEncoderReady();
      self.endComputePassEncoder();
      self.commandEncoder.copyBufferToBuffer(buffer, 0, staging, 0, size);
      self.submitQueue();
      let bytes: ArrayBuffer;
      try {
        staging.mapSync(1, 'dataSync()');
        bytes = staging.getMappedRange();
        staging.unmap();
      } finally {
        if (staging.mapState === 'unmapped') self.bufferManager.releaseBuffer(staging);
      }
      device.channel.throwDeviceErrors('dataSync()');
      const values = tf.util.convertBackendValuesAndArrayBuffer(bytes, tensorData.dtype as tfjs.DataType);
      self.convertAndCacheOnCPU(dataId, values);
      return values as BackendValues;
    }

    override async read(dataId: object): Promise<BackendValues> {
      const device = (this as unknown as Internals).device;
      if (device instanceof RemoteDevice) device.channel.throwDeviceErrors('data()');
      const values = await super.read(dataId);
      if (device instanceof RemoteDevice) device.channel.throwDeviceErrors('data()');
      return values;
    }
  } as unknown as typeof WebGPUBackend;
}
