/*
 * msw 2's CommonJS build requires packages that ship only as ES modules (rettime, until-async,
 * set-cookie-parser, @open-draft/deferred-promise), and the project's jest config does not transform
 * node_modules outside @grafana. Until jest.config.js transforms them, test/msw.ts mocks each with this loader,
 * which compiles them to CommonJS with the project's own @swc/core.
 */
const fs = require('fs');
const path = require('path');
const { transformSync } = require('@swc/core');

function isEsm(file) {
  if (file.endsWith('.mjs')) {
    return true;
  }
  if (file.endsWith('.cjs') || !path.isAbsolute(file)) {
    return false;
  }
  for (let dir = path.dirname(file); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg)) {
      return JSON.parse(fs.readFileSync(pkg, 'utf8')).type === 'module';
    }
  }
  return false;
}

function loadEsmFile(file, cache) {
  const cached = cache.get(file);
  if (cached) {
    return cached.exports;
  }
  const module = { exports: {} };
  cache.set(file, module);
  const { code } = transformSync(fs.readFileSync(file, 'utf8'), {
    filename: file,
    swcrc: false,
    configFile: false,
    module: { type: 'commonjs' },
    jsc: { target: 'es2022', parser: { syntax: 'ecmascript' } },
  });
  const localRequire = (spec) => {
    const resolved = spec.startsWith('.') ? path.resolve(path.dirname(file), spec) : require.resolve(spec);
    return isEsm(resolved) ? loadEsmFile(resolved, cache) : require(spec);
  };
  new Function('module', 'exports', 'require', code)(module, module.exports, localRequire);
  return module.exports;
}

function loadEsmPackage(name) {
  return loadEsmFile(require.resolve(name), new Map());
}

module.exports = { loadEsmPackage };
