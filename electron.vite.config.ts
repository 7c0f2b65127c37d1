import { resolve } from 'node:path'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'electron-vite'

// The desktop build: main (ESM, dependencies external), preload (CommonJS,
// everything bundled, as a sandboxed preload requires), renderer (with the
// Electron transport; the web transport never ships in this build).
const alias = {
  '@shared': resolve(import.meta.dirname, 'src-shared'),
  '@db': resolve(import.meta.dirname, 'db'),
}

export default defineConfig({
  main: {
    resolve: { alias },
    build: {
      outDir: 'out/main',
      lib: {
        entry: {
          index: resolve(import.meta.dirname, 'src-main/shell/main.ts'),
          // Long tasks run in worker threads off the thread that answers the UI.
          'job-worker': resolve(import.meta.dirname, 'src-main/backend/jobs/worker-entry.ts'),
        },
        formats: ['es'],
      },
      rollupOptions: { output: { entryFileNames: '[name].js' } },
    },
  },
  preload: {
    resolve: { alias },
    build: {
      outDir: 'out/preload',
      externalizeDeps: false,
      lib: { entry: resolve(import.meta.dirname, 'src-preload/index.ts'), formats: ['cjs'] },
      rollupOptions: { external: ['electron'], output: { entryFileNames: 'index.cjs' } },
    },
  },
  renderer: {
    root: resolve(import.meta.dirname, 'src-renderer'),
    resolve: {
      alias: {
        ...alias,
        '@transport': resolve(import.meta.dirname, 'src-renderer/api/electron-transport.ts'),
      },
    },
    plugins: [react()],
    build: {
      outDir: resolve(import.meta.dirname, 'out/renderer'),
      rollupOptions: { input: resolve(import.meta.dirname, 'src-renderer/index.html') },
    },
  },
})
