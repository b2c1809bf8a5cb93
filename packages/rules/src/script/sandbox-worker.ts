/**
 * A sandbox worker thread: loads QuickJS once (per memory ceiling) and runs the jobs the pool sends, one at a time.
 * Running here, off the main thread, a rule that spins until its limit never blocks the engine's event loop, and a
 * run that does not stop can be ended from outside with worker.terminate().
 */
import { parentPort, workerData } from 'node:worker_threads';
import { newQuickJSWASMModuleFromVariant, newVariant, RELEASE_SYNC, type QuickJSWASMModule } from 'quickjs-emscripten';
import { DEFAULT_SCRIPT_LIMITS } from './script-rules-options.ts';
import type { SandboxRequest, SandboxWorkerData, SandboxWorkerMessage } from './sandbox-messages.ts';
import { runSandboxJob } from './run-sandbox-job.ts';

const PAGE_BYTES = 64 * 1024;
/** The smallest memory QuickJS's WebAssembly module accepts (16 MiB): its own data and stack, and a first heap. */
const BASE_PAGES = 256;

/** WebAssembly.Memory, which the project's type libraries (ES2023 and Node, no DOM) do not declare. */
interface WasmMemoryConstructor {
  new (descriptor: { initial: number; maximum: number }): { readonly buffer: ArrayBuffer };
}
const WasmMemory = (globalThis as unknown as { WebAssembly: { Memory: WasmMemoryConstructor } }).WebAssembly.Memory;

const port = parentPort;
if (port === null) throw new Error('sandbox-worker.ts runs as a worker thread');
const { prelude } = workerData as SandboxWorkerData;

/**
 * QuickJS modules by memory ceiling. The module's WebAssembly memory is given a maximum: QuickJS's own memory limit
 * checks each allocation but, under Emscripten, does not add large blocks up, so the ceiling is what bounds a run.
 */
const modules = new Map<number, Promise<QuickJSWASMModule>>();

function quickjsFor(memoryBytes: number): Promise<QuickJSWASMModule> {
  const maximum = BASE_PAGES + Math.ceil(memoryBytes / PAGE_BYTES);
  let loading = modules.get(maximum);
  if (loading === undefined) {
    const wasmMemory = new WasmMemory({ initial: BASE_PAGES, maximum });
    loading = newQuickJSWASMModuleFromVariant(newVariant(RELEASE_SYNC, { wasmMemory }));
    modules.set(maximum, loading);
  }
  return loading;
}

const post = (message: SandboxWorkerMessage): void => port.postMessage(message);

port.on('message', (request: SandboxRequest) => {
  void quickjsFor(request.job.limits.memoryBytes).then(
    (quickjs) => {
      const { answer, retire } = runSandboxJob(quickjs, prelude, request.job);
      post({ type: 'answer', id: request.id, answer, retire });
    },
    (error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      post({
        type: 'answer',
        id: request.id,
        answer: {
          ok: false,
          failure: { reason: 'error', name: null, message: `QuickJS could not be loaded: ${message}`, stack: '' },
          log: [],
          durationMs: 0,
        },
        retire: true,
      });
    },
  );
});

await quickjsFor(DEFAULT_SCRIPT_LIMITS.memoryBytes);
post({ type: 'ready' });
