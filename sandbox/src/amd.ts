type Factory = (...deps: unknown[]) => unknown;

/**
 * Evaluates a built plugin `module.js` (an AMD module) the way Grafana's SystemJS loader does: its imports resolve
 * to Grafana's shared dependencies and `module` to the module's own URL. Own code because SystemJS's AMD extra
 * needs Grafana's whole import map; this is the part a plugin sees.
 */
export function evaluateAmdModule(source: string, uri: string, shared: Record<string, unknown>): Record<string, unknown> {
  let exported: unknown;
  let defined = false;
  const define = (depsOrFactory: string[] | Factory, maybeFactory?: Factory) => {
    const deps = Array.isArray(depsOrFactory) ? depsOrFactory : [];
    const factory = (Array.isArray(depsOrFactory) ? maybeFactory : depsOrFactory) as Factory;
    const exportsObject: Record<string, unknown> = {};
    const resolved = deps.map((name) => {
      if (name === 'exports') {
        return exportsObject;
      }
      if (name === 'module') {
        return { uri };
      }
      if (!(name in shared)) {
        throw new Error(`${uri} imports "${name}", which Grafana does not share with plugins`);
      }
      return shared[name];
    });
    defined = true;
    exported = factory(...resolved) ?? exportsObject;
  };
  (define as unknown as { amd: boolean }).amd = true;
  new Function('define', `${source}\n//# sourceURL=${uri}`)(define);
  if (!defined || !exported || typeof exported !== 'object') {
    throw new Error(`${uri} did not define an AMD module`);
  }
  return exported as Record<string, unknown>;
}
