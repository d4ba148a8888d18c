// Worker thread entry: runs imports one after another for the parent (lib/openapi/import.ts).
// Loaded from disk by absolute path with tsx's require hook, never bundled.
import { serialize } from 'node:v8';
import { parentPort } from 'node:worker_threads';
import { processDocument } from './process';
import { operationsPerChunk, type ImportRequest, type WorkerMessage } from './import';

const port = parentPort;
if (!port) throw new Error('lib/openapi/worker.ts must run in a worker thread.');

port.on('message', async ({ id, input, limits }: ImportRequest) => {
  const send = (message: WorkerMessage, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);
  try {
    const result = await processDocument(input, { limits, onProgress: (phase) => send({ id, type: 'progress', phase }) });
    // v8.serialize and one buffer copy cost ~70 ms for GitHub's result, where posting the object
    // graph (structured clone of every string and object) costs ~400 ms. The operations go in
    // chunks, so the parent can read them back in slices: deserialising 100,000 operations at
    // once would block its event loop for seconds.
    const operations = result.ok ? result.operations : [];
    const head = serialize(result.ok ? { ...result, operations: [] } : result);
    const chunks: Uint8Array[] = [];
    for (let start = 0; start < operations.length; start += operationsPerChunk) chunks.push(serialize(operations.slice(start, start + operationsPerChunk)));
    const owned = [head, ...chunks].map(ownBuffer);
    send(
      { id, type: 'result', result: owned[0]!, operations: owned.slice(1) },
      owned.map((bytes) => bytes.buffer as ArrayBuffer),
    );
  } catch (error) {
    send({ id, type: 'failed', message: error instanceof Error ? error.message : String(error) });
  }
});

/** Bytes in an ArrayBuffer of their own, so it can be transferred (moved, not copied) to the parent. */
function ownBuffer(bytes: Uint8Array): Uint8Array {
  if (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength) return bytes;
  return new Uint8Array(bytes);
}

port.postMessage({ type: 'ready' } satisfies WorkerMessage);
