// @grafana/ui's .mjs imports this CommonJS package's default export; esbuild follows Node there and hands over
// the whole exports object, where webpack (Grafana's bundler) uses `exports.default`.
import Scrollbars from 'react-custom-scrollbars-2/lib/index.js';

export default Scrollbars;
