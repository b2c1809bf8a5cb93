// The sandbox worker's entry. Worker threads do not inherit tsx's loader from the main thread (Node 20), so it is
// registered here before the TypeScript worker is loaded.
import { register } from 'tsx/esm/api';

register();
await import('./sandbox-worker.ts');
