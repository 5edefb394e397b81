import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { SealLayout } from './field-cipher.js';

/** {@link FieldCipher.sealLaidOut} on a worker thread. */
export interface FieldSealWorker {
  /**
   * Seals like `sealLaidOut` on the worker. `buffer` must be the only view of its memory
   * (`Buffer.allocUnsafeSlow`, not the shared pool): the memory moves to the worker and
   * back, and `buffer` is empty meanwhile; use the Buffer the promise resolves with.
   */
  seal(buffer: Buffer, layouts: readonly SealLayout[]): Promise<Buffer>;
  close(): Promise<void>;
}

export interface SealRequest {
  id: number;
  memory: ArrayBuffer;
  byteOffset: number;
  byteLength: number;
  layouts: readonly SealLayout[];
}

export type SealReply = { id: number; memory: ArrayBuffer; error?: undefined } | { id: number; error: string };

const extension = path.extname(fileURLToPath(import.meta.url));
const ENTRY = new URL(`./field-seal-worker${extension}`, import.meta.url);

/** Starts a worker holding a field cipher under `masterKey`. */
export function startFieldSealWorker(masterKey: Buffer): FieldSealWorker {
  const workerData = { masterKey: new Uint8Array(masterKey) };
  // Run from the TypeScript sources (tsx), a worker must register tsx before it can load its entry.
  const worker =
    extension === '.ts'
      ? new Worker(`import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => { tsx.register(); return import(${JSON.stringify(ENTRY.href)}); });`, { eval: true, workerData })
      : new Worker(ENTRY, { workerData });
  worker.unref();
  const pending = new Map<number, { resolve: (buffer: Buffer) => void; reject: (error: Error) => void; byteOffset: number; byteLength: number }>();
  let nextId = 0;
  let failure: Error | undefined;
  const failAll = (error: Error) => {
    failure ??= error;
    for (const job of pending.values()) {
      job.reject(error);
    }
    pending.clear();
  };
  worker.on('message', (reply: SealReply) => {
    const job = pending.get(reply.id);
    pending.delete(reply.id);
    if (pending.size === 0) {
      worker.unref();
    }
    if (reply.error !== undefined) {
      job?.reject(new Error(reply.error));
    } else {
      job?.resolve(Buffer.from(reply.memory, job.byteOffset, job.byteLength));
    }
  });
  worker.on('error', failAll);
  worker.on('exit', (code) => failAll(new Error(`the field seal worker exited (code ${code})`)));

  return {
    seal(buffer, layouts) {
      if (failure) {
        return Promise.reject(failure);
      }
      return new Promise((resolve, reject) => {
        // Referenced only while it has work: an idle worker must not keep the process alive.
        if (pending.size === 0) {
          worker.ref();
        }
        const id = nextId++;
        pending.set(id, { resolve, reject, byteOffset: buffer.byteOffset, byteLength: buffer.length });
        const memory = buffer.buffer as ArrayBuffer;
        const request: SealRequest = { id, memory, byteOffset: buffer.byteOffset, byteLength: buffer.length, layouts };
        worker.postMessage(request, [memory]);
      });
    },
    async close() {
      failure ??= new Error('the field seal worker is closed');
      await worker.terminate();
    },
  };
}
