// The worker thread of field-seal.ts: seals laid-out batches under the master key it was started with.
import { parentPort, workerData } from 'node:worker_threads';
import { createFieldCipher } from './field-cipher.js';
import type { SealReply, SealRequest } from './field-seal.js';

const cipher = createFieldCipher(Buffer.from((workerData as { masterKey: Uint8Array }).masterKey));
const port = parentPort!;
port.on('message', ({ id, memory, byteOffset, byteLength, layouts }: SealRequest) => {
  let reply: SealReply;
  try {
    cipher.sealLaidOut(Buffer.from(memory, byteOffset, byteLength), layouts);
    reply = { id, memory };
  } catch (error) {
    reply = { id, error: (error as Error).message };
  }
  port.postMessage(reply, reply.error === undefined ? [memory] : []);
});
