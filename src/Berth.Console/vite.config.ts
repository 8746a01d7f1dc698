import { defineConfig } from 'vite';

// The console is served by berthd under /console/; everything it needs is in dist/ (no CDN, no web fonts).
export default defineConfig({
  base: '/console/',
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 300 },
});
