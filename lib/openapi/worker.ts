// Worker thread entry: runs imports one after another for the parent (lib/openapi/import.ts).
// Loaded from disk by absolute path with tsx's require hook, never bundled.
import { serialize } from 'node:v8';
import { parentPort } from 'node:worker_threads';
import { processDocument } from './process';
import type { ImportRequest, WorkerMessage } from './import';

const port = parentPort;
if (!port) throw new Error('lib/openapi/worker.ts must run in a worker thread.');

port.on('message', async ({ id, input, limits }: ImportRequest) => {
  const send = (message: WorkerMessage) => port.postMessage(message);
  try {
    const result = await processDocument(input, { limits, onProgress: (phase) => send({ id, type: 'progress', phase }) });
    // v8.serialize and one buffer copy cost ~70 ms for GitHub's result, where posting the object
    // graph (structured clone of every string and object) costs ~400 ms.
    send({ id, type: 'result', result: serialize(result) });
  } catch (error) {
    send({ id, type: 'failed', message: error instanceof Error ? error.message : String(error) });
  }
});

port.postMessage({ type: 'ready' } satisfies WorkerMessage);