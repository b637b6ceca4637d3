/*
 * A jsdom test environment that also has Node's fetch API, streams and encoders, so msw 2 (msw/node) can
 * intercept the datasource's resource calls. Use it from a test file with the docblock
 *   /** @jest-environment ./src/datasource/test/jsdomWithFetch.js *\/
 */
const { TestEnvironment } = require('jest-environment-jsdom');

// Not MessageChannel: React's scheduler would use Node's, whose open port keeps jest from exiting.
const NODE_GLOBALS = [
  'fetch',
  'Request',
  'Response',
  'Headers',
  'FormData',
  'Blob',
  'File',
  'ReadableStream',
  'WritableStream',
  'TransformStream',
  'TextEncoder',
  'TextDecoder',
  'TextEncoderStream',
  'TextDecoderStream',
  'BroadcastChannel',
  'AbortController',
  'AbortSignal',
  'structuredClone',
  'URL',
  'URLSearchParams',
  'WebSocket',
];

class JsdomWithFetch extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    for (const name of NODE_GLOBALS) {
      if (globalThis[name] !== undefined) {
        this.global[name] = globalThis[name];
      }
    }
    // @grafana/ui's Combobox menu watches its scroll edges; jsdom has no IntersectionObserver.
    if (!this.global.IntersectionObserver) {
      this.global.IntersectionObserver = class {
        observe() {}
        unobserve() {}
        disconnect() {}
        takeRecords() {
          return [];
        }
      };
    }
    // ...and it virtualizes its options: with jsdom's zero-sized boxes it would render none.
    this.global.Element.prototype.getBoundingClientRect = function () {
      return { x: 0, y: 0, width: 120, height: 120, top: 0, left: 0, bottom: 120, right: 120, toJSON() {} };
    };
    for (const prop of ['offsetHeight', 'offsetWidth', 'clientHeight', 'clientWidth']) {
      Object.defineProperty(this.global.HTMLElement.prototype, prop, { configurable: true, get: () => 120 });
    }
    // msw/node is exported for Node only; jsdom's default "browser" condition would resolve it to nothing.
    this.customExportConditions = [''];
  }
}

module.exports = JsdomWithFetch;
