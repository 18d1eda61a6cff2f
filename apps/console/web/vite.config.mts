import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * The operator console's browser bundle, built into dist/apps/console/web, which the console's
 * server (../src) serves with the API proxy. `npm start` builds it (scripts/build-console.js).
 */
export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  plugins: [react()],
  build: {
    outDir: resolve(import.meta.dirname, '../../../dist/apps/console/web'),
    emptyOutDir: true,
    sourcemap: true,
    // Chart.js is most of the bundle; one chunk per page would save little on an operator's screen.
    chunkSizeWarningLimit: 1024,
  },
  // `npx vite apps/console/web` for work on the pages: the API goes to a console server on :3020.
  server: { proxy: { '/api': 'http://127.0.0.1:3020' } },
});
