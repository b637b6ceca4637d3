import { AppPlugin } from '@grafana/data';

import { AppRootPage } from './app/AppRootPage';
import { AppConfigPage } from './app/AppConfigPage';

export const plugin = new AppPlugin<{}>().setRootPage(AppRootPage).addConfigPage({
  title: 'Configuration',
  icon: 'cog',
  body: AppConfigPage,
  id: 'configuration',
});
