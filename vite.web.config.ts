import { resolve } from 'node:path'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

// The renderer for the local web host (npm run web, end-to-end tests): the
// same screens with the HTTP transport. Never packaged in the desktop app.
export default defineConfig({
  root: resolve(import.meta.dirname, 'src-renderer'),
  base: '/',
  plugins: [react()],
  resolve: {
    alias: {
      '@shared': resolve(import.meta.dirname, 'src-shared'),
      '@transport': resolve(import.meta.dirname, 'src-renderer/api/web-transport.ts'),
    },
  },
  build: {
    outDir: resolve(import.meta.dirname, 'out/web'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 4000,
  },
})
