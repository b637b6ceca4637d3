import CopyWebpackPlugin from 'copy-webpack-plugin';
import { type Configuration } from 'webpack';

import grafanaConfig, { type Env } from './.config/webpack/webpack.config.ts';

// create-plugin copies only the app's logos; the nested datasource and panel carry their own.
const config = async (env: Env): Promise<Configuration> => {
  const base = await grafanaConfig(env);
  return {
    ...base,
    plugins: [
      ...(base.plugins ?? []),
      new CopyWebpackPlugin({ patterns: [{ from: '*/img/*', to: '.' }] }),
    ],
  };
};

export default config;
