import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type UserConfig } from 'vite';

/** Where `yiwang start` listens during development (`PORT`, default 8080). */
const apiTarget = process.env.YIWANG_API_URL ?? 'http://127.0.0.1:8080';

const proxied = ['/api', '/docs', '/openapi.json', '/healthz', '/readyz'];

/**
 * Vendor libraries go to their own long-lived chunks so that a change in the console's
 * code does not invalidate them, and no single chunk grows past Vite's warning size.
 * Order matters: the first group whose test matches a module takes it.
 */
const vendorGroups: Array<{ name: string; test: RegExp }> = [
  { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|react-router|react-router-dom)[\\/]/ },
  { name: 'echarts', test: /node_modules[\\/](echarts|zrender)[\\/]/ },
  { name: 'antd-icons', test: /node_modules[\\/]@ant-design[\\/]icons/ },
  { name: 'antd-rc', test: /node_modules[\\/](@rc-component|rc-[a-z-]+)[\\/]/ },
  { name: 'antd-style', test: /node_modules[\\/](@ant-design|@emotion|dayjs|classnames|clsx|stylis)[\\/]/ },
  { name: 'antd', test: /node_modules[\\/]antd[\\/]/ },
];

const config: UserConfig = {
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  plugins: [react()],
  server: {
    port: 5173,
    proxy: Object.fromEntries(proxied.map((path) => [path, { target: apiTarget, changeOrigin: false }])),
  },
  preview: {
    port: 4173,
    proxy: Object.fromEntries(proxied.map((path) => [path, { target: apiTarget, changeOrigin: false }])),
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: vendorGroups.map((group, index) => ({ ...group, priority: vendorGroups.length - index })),
        },
      },
    },
  },
};

export default defineConfig(({ command, mode }) => {
  if (command === 'build' && mode === 'production') {
    // A production build is one even when the caller's NODE_ENV says otherwise (vitest sets
    // `test`, and Vite would then ship React's development bundle and the dev JSX runtime).
    // Vite reads NODE_ENV after loading this file.
    process.env.NODE_ENV = 'production';
  }
  return config;
});
