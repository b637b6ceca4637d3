import { build, type Plugin } from 'esbuild';
import path from 'path';

const root = path.dirname(new URL(import.meta.url).pathname);

/** Routes CommonJS packages whose default export esbuild would mis-wire (see the shim files) to a shim. */
const commonJsDefaultShims: Plugin = {
  name: 'commonjs-default-shims',
  setup(b) {
    b.onResolve({ filter: /^react-custom-scrollbars-2$/ }, () => ({
      path: path.join(root, 'src', 'shims', 'react-custom-scrollbars-2.ts'),
    }));
  },
};

/** Bundles the sandbox host page: Grafana's own @grafana/ui, @grafana/data and @grafana/runtime, shared with the plugin. */
export async function buildSandbox(): Promise<string> {
  const outfile = path.join(root, '.build', 'sandbox.js');
  await build({
    entryPoints: [path.join(root, 'src', 'main.tsx')],
    outfile,
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    jsx: 'automatic',
    minify: false,
    sourcemap: 'linked',
    logLevel: 'warning',
    plugins: [commonJsDefaultShims],
    define: { 'process.env.NODE_ENV': process.env.SANDBOX_DEV ? '"development"' : '"production"', global: 'window' },
    loader: { '.svg': 'text', '.woff': 'dataurl', '.woff2': 'dataurl', '.ttf': 'dataurl', '.png': 'dataurl' },
  });
  return outfile;
}

if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) {
  buildSandbox().then((file) => console.log(`sandbox bundle: ${file}`));
}
