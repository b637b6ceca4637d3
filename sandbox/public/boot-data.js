// @grafana/runtime reads Grafana's boot data when it is first imported; Grafana's index.html sets it the same way.
(function () {
  const params = new URLSearchParams(window.location.search);
  const theme = params.get('theme') || 'dark';
  window.grafanaBootData = {
    settings: {
      appUrl: window.location.origin + '/',
      appSubUrl: '',
      buildInfo: { version: '12.4.10', edition: 'Open Source', env: 'production', commit: 'sandbox' },
      bootData: {},
      featureToggles: {},
      datasources: {},
      panels: {},
      theme2: { colors: { mode: theme } },
      defaultDatasource: '',
      timezone: 'utc',
    },
    user: { id: 1, login: 'sandbox', theme: theme, timezone: 'utc', orgId: 1, orgRole: 'Admin', locale: 'en-US', language: 'en-US' },
    navTree: [],
    themePaths: {},
  };
})();
