import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';

// The gateway serves client/dist at `/`; in development Vite proxies the API to a local gateway.
export default defineConfig({
  plugins: [preact({ prerender: { enabled: false } })],
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', assetsInlineLimit: 8192 },
  server: {
    proxy: { '/graphql': { target: 'http://127.0.0.1:4000', ws: true, changeOrigin: true } },
  },
});
