// Builds only the panel (dist/panel/module.js) with the project's webpack config, so the panel's e2e tests and
// benchmark can run while another part of the tree does not compile. `npm run build` remains the real build.
import { type Configuration } from 'webpack';

import projectConfig from '../../webpack.config.ts';
import { type Env } from '../../.config/webpack/webpack.config.ts';

const config = async (env: Env): Promise<Configuration> => {
  const base = await projectConfig(env);
  const entry = base.entry as Record<string, string>;
  const panelEntry = Object.fromEntries(Object.entries(entry).filter(([name]) => name.startsWith('panel/')));
  return {
    ...base,
    entry: panelEntry,
    output: { ...base.output, clean: false },
    // The project's type checker and linter plugins look at the whole tree; typecheck/lint run separately.
    plugins: (base.plugins ?? []).filter((p) => !/ForkTsChecker|ESLint/.test(p?.constructor?.name ?? '')),
  };
};

export default config;
