// Builds the console into packages/console/dist; `npm run -w @tandem/console dev` serves it with the API proxied to
// a node on 127.0.0.1:7300 (TANDEM_URL to change it).
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const node = process.env['TANDEM_URL'] ?? 'http://127.0.0.1:7300';

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
  },
  server: { proxy: { '/api': node } },
});
