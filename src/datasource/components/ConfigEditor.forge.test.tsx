/** @jest-environment ./src/datasource/test/jsdomWithFetch.js */
import { fireEvent, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { renderStateful, settings, chooseSystem } from '../test/configEditor';

// user-event and Grafana's components are slow on a shared, loaded CPU.
jest.setTimeout(60000);


describe('ConfigEditor for GitHub and GitLab', () => {
  test('switching from Redmine to GitHub drops Redmine and asks for a token and the repositories', async () => {
    const latest = renderStateful(
      settings({ jsonData: { system: 'redmine', project: 'ops', pollIntervalSeconds: 120 } })
    );
    await chooseSystem('GitHub');
    expect(latest.current.jsonData).toEqual({ system: 'github', pollIntervalSeconds: 120 });
    expect(latest.current.secureJsonFields).toMatchObject({ apiKey: false });
    expect(screen.getByText('Enter the GitHub token')).toBeInTheDocument();
    expect(screen.getByText('Enter the repositories to read (owner/repo, one per line).')).toBeInTheDocument();
    expect(screen.getByTestId('system-help')).toHaveTextContent('fine-grained personal access token');
    expect(screen.getByTestId('system-save-and-test')).toHaveTextContent(
      'what polling costs of the 5,000 requests an hour'
    );
    expect(screen.getByPlaceholderText('https://api.github.com')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Use GitHub defaults' })).toBeInTheDocument();
  });

  test('GitHub: repositories one per line with the backend’s messages, or a whole organisation; the token stays secret', async () => {
    const latest = renderStateful(
      settings({ url: 'https://api.github.com', jsonData: { system: 'github' }, secureJsonFields: {} })
    );
    const repos = screen.getByRole('textbox', { name: /^Repositories/ });
    fireEvent.change(repos, { target: { value: 'octo-org/api\nocto org/web' } });
    expect(
      screen.getByText(
        'Repository 2 ("octo org/web") is not owner/repo: enter each repository like octo-org/api, one per line.'
      )
    ).toBeInTheDocument();
    fireEvent.change(repos, { target: { value: 'octo-org/api\nocto-org/web\n' } });
    expect(latest.current.jsonData.githubRepositories).toEqual(['octo-org/api', 'octo-org/web', '']);
    expect(screen.queryByText(/is not owner\/repo/)).not.toBeInTheDocument();

    fireEvent.change(screen.getByPlaceholderText('Token'), { target: { value: 'github_pat_123' } });
    expect(latest.current.secureJsonData).toEqual({ githubToken: 'github_pat_123' });
    expect(JSON.stringify(latest.current.jsonData)).not.toContain('github_pat_123');

    await userEvent.click(screen.getByRole('radio', { name: 'Whole organisation' }));
    expect(latest.current.jsonData.githubRepositories).toBeUndefined();
    expect(screen.getByText('Enter the organisation whose repositories to read.')).toBeInTheDocument();
    fireEvent.change(screen.getByLabelText(/^Organisation/), { target: { value: 'octo_org' } });
    expect(screen.getByText(/The organisation "octo_org" is not a GitHub organisation name/)).toBeInTheDocument();
    fireEvent.change(screen.getByLabelText(/^Organisation/), { target: { value: 'octo-org' } });
    expect(latest.current.jsonData).toMatchObject({ system: 'github', githubOrganization: 'octo-org' });
  });

  test('GitLab: projects and groups with the backend’s messages, at least one of them, and the access token', async () => {
    const latest = renderStateful(
      settings({ url: 'https://gitlab.com', jsonData: { system: 'gitlab' }, secureJsonFields: {} })
    );
    expect(screen.getByText('Enter at least one project or group whose issues to read.')).toBeInTheDocument();
    expect(screen.getByText('Enter the GitLab access token')).toBeInTheDocument();
    fireEvent.change(screen.getByLabelText(/^Projects/), { target: { value: 'shop' } });
    expect(
      screen.getByText('Project 1 ("shop") is not a path with its group, like acme/shop, or the numeric project id.')
    ).toBeInTheDocument();
    fireEvent.change(screen.getByLabelText(/^Projects/), { target: { value: 'acme/shop\n42' } });
    fireEvent.change(screen.getByLabelText(/^Groups/), { target: { value: 'acme/sre' } });
    expect(screen.queryByText(/is not a path/)).not.toBeInTheDocument();
    expect(screen.queryByText(/at least one project or group/)).not.toBeInTheDocument();
    fireEvent.change(screen.getByPlaceholderText('Access token'), { target: { value: 'glpat-1' } });
    expect(latest.current.jsonData).toMatchObject({ gitlabProjects: ['acme/shop', '42'], gitlabGroups: ['acme/sre'] });
    expect(latest.current.secureJsonData).toEqual({ gitlabToken: 'glpat-1' });
  });

  test('switching from GitHub to GitLab resets the GitHub token and drops the repositories', async () => {
    const latest = renderStateful(
      settings({
        url: 'https://api.github.com',
        jsonData: { system: 'github', githubRepositories: ['a/b'] },
        secureJsonFields: { githubToken: true },
      })
    );
    await chooseSystem('GitLab');
    expect(latest.current.jsonData).toEqual({ system: 'gitlab' });
    expect(latest.current.secureJsonFields).toMatchObject({ githubToken: false });
    expect(screen.getByPlaceholderText('https://gitlab.com')).toBeInTheDocument();
  });
});
