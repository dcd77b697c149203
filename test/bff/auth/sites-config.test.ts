/**
 * The site table as configured (`sites` / GOVDOCK_SITES): what loadConfig accepts and refuses,
 * how a request's Host selects a site, and the mount paths the app strips.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildSiteTable, siteBasePaths, UnknownSiteError } from '../../../bff/auth/sites.js';
import { ConfigError, loadConfig } from '../../../bff/config.js';
import { basePathStripper } from '../../../bff/http/base-path.js';

const HARBIN = { publicBaseUrl: 'https://harbin.gov.cn/govdock' };
const HLJ = {
  publicBaseUrl: 'https://www.hlj.gov.cn/zwfw/govdock/',
  returnTo: ['https://www.hlj.gov.cn/zwfw/'],
  home: 'https://www.hlj.gov.cn/',
  hosts: ['HLJ-GW.internal:8080'],
};
const AUTH = {
  AUTH_ISSUER: 'https://id.hlj.gov.cn',
  AUTH_CLIENT_ID: 'govdock',
  AUTH_CLIENT_SECRET: 'secret',
};

function issuesOf(run: () => unknown): { key: string; problem: string }[] {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    return error.issues;
  }
  assert.fail('expected a ConfigError');
}

const request = (host: string): Request => new Request('http://bff.internal/auth/login', { headers: { host } });

describe('config: sites (GOVDOCK_SITES)', () => {
  it('reads the table from JSON in the environment, with auth and without publicBaseUrl', () => {
    const config = loadConfig({ ...AUTH, GOVDOCK_SITES: JSON.stringify([HARBIN, HLJ]) });
    assert.equal(config.sites.length, 2);
    assert.deepEqual(config.sites[1]?.hosts, ['hlj-gw.internal:8080'], 'Host values are lower-cased');
    assert.equal(config.publicBaseUrl, undefined);
  });

  it('is empty by default and publicBaseUrl alone is still enough for auth', () => {
    const config = loadConfig({ ...AUTH, PUBLIC_BASE_URL: 'https://harbin.gov.cn/govdock' });
    assert.deepEqual(config.sites, []);
  });

  it('refuses text that is not JSON, naming the variable', () => {
    const issues = issuesOf(() => loadConfig({ GOVDOCK_SITES: '[{publicBaseUrl: x}' }));
    assert.equal(issues[0]?.key, 'sites (GOVDOCK_SITES)');
    assert.match(issues[0]?.problem ?? '', /JSON/);
  });

  it('refuses two sites on one origin (they would share one __Host- cookie)', () => {
    const issues = issuesOf(() =>
      loadConfig({}, { sites: [HARBIN, { publicBaseUrl: 'https://harbin.gov.cn/other' }] }),
    );
    assert.equal(issues[0]?.key, 'sites.1.publicBaseUrl');
  });

  it("refuses a redirect URI that is not the site's own callback", () => {
    for (const redirectUri of ['https://harbin.gov.cn/callback', 'https://evil.example/govdock/auth/callback']) {
      const issues = issuesOf(() => loadConfig({}, { sites: [{ ...HARBIN, redirectUri }] }));
      assert.equal(issues[0]?.key, 'sites.0.redirectUri', redirectUri);
    }
    const fine = loadConfig({}, { sites: [{ ...HARBIN, redirectUri: 'https://harbin.gov.cn/govdock/auth/callback' }] });
    assert.equal(fine.sites[0]?.redirectUri, 'https://harbin.gov.cn/govdock/auth/callback');
  });

  it('refuses return_to entries on another origin, with a query, or not http(s)', () => {
    for (const entry of ['https://hlj.gov.cn/', 'https://harbin.gov.cn/?x=1', 'javascript:alert(1)']) {
      const issues = issuesOf(() => loadConfig({}, { sites: [{ ...HARBIN, returnTo: [entry] }] }));
      assert.equal(issues[0]?.key, 'sites.0.returnTo.0', entry);
    }
  });

  it('refuses unknown keys (a typo must not be ignored) and the table in cross-site mode', () => {
    assert.equal(issuesOf(() => loadConfig({}, { sites: [{ ...HARBIN, redirectUrl: 'x' }] }))[0]?.key, 'sites.0');
    const issues = issuesOf(() => loadConfig({ DEPLOYMENT_MODE: 'cross-site' }, { sites: [HARBIN] }));
    assert.equal(issues[0]?.key, 'sites (GOVDOCK_SITES)');
  });

  it('refuses a site on the origin of publicBaseUrl', () => {
    const issues = issuesOf(() => loadConfig({ PUBLIC_BASE_URL: 'https://harbin.gov.cn' }, { sites: [HARBIN] }));
    assert.equal(issues[0]?.key, 'sites.0.publicBaseUrl');
  });
});

describe('site table', () => {
  it('publicBaseUrl alone is one site for every Host, as before', () => {
    const table = buildSiteTable(loadConfig({ ...AUTH, PUBLIC_BASE_URL: 'https://harbin.gov.cn/govdock/' }));
    assert.equal(table.byHost, false);
    for (const host of ['harbin.gov.cn', '10.0.0.7:8787', '']) {
      const site = table.siteFor(request(host));
      assert.equal(site.baseUrl, 'https://harbin.gov.cn/govdock');
      assert.equal(site.redirectUri, 'https://harbin.gov.cn/govdock/auth/callback');
      assert.equal(site.returnTo.home, 'https://harbin.gov.cn/govdock/');
    }
  });

  it('chooses among configured sites by Host only, aliases included; anything else is refused', () => {
    const table = buildSiteTable(
      loadConfig({ ...AUTH, AUTH_HOME_URL: 'https://www.hlj.gov.cn/portal/' }, { sites: [HARBIN, HLJ] }),
    );
    const harbin = table.siteFor(request('Harbin.Gov.CN'));
    assert.equal(harbin.id, 'harbin.gov.cn');
    assert.equal(harbin.postLogoutRedirectUri, 'https://harbin.gov.cn/govdock/');
    assert.equal(harbin.returnTo.home, 'https://www.hlj.gov.cn/portal/', 'auth.returnTo.home is the default home');
    assert.equal(harbin.returnTo.resolve('https://harbin.gov.cn/any?x=1'), 'https://harbin.gov.cn/any?x=1');
    assert.equal(harbin.returnTo.resolve('https://www.hlj.gov.cn/zwfw/a'), harbin.returnTo.home, 'other site');

    const hlj = table.siteFor(request('hlj-gw.internal:8080'));
    assert.equal(hlj.baseUrl, 'https://www.hlj.gov.cn/zwfw/govdock');
    assert.equal(hlj.redirectUri, 'https://www.hlj.gov.cn/zwfw/govdock/auth/callback');
    assert.equal(table.siteFor(request('www.hlj.gov.cn')), hlj);
    assert.equal(hlj.returnTo.resolve('https://www.hlj.gov.cn/other'), 'https://www.hlj.gov.cn/', 'outside /zwfw/');

    for (const host of ['evil.example', 'harbin.gov.cn:8443', 'hlj-gw.internal', '']) {
      assert.throws(() => table.siteFor(request(host)), UnknownSiteError, host);
    }
  });

  it('selects the publicBaseUrl site by Host too once sites are listed', () => {
    const table = buildSiteTable(
      loadConfig({ ...AUTH, PUBLIC_BASE_URL: 'http://127.0.0.1:8787' }, { sites: [HARBIN] }),
    );
    assert.equal(table.siteFor(request('127.0.0.1:8787')).baseUrl, 'http://127.0.0.1:8787');
    assert.throws(() => table.siteFor(request('localhost:8787')), UnknownSiteError);
  });
});

describe('mount paths', () => {
  it('strips every configured mount, the longest first, with or without the gateway stripping it', () => {
    const config = loadConfig(
      { PUBLIC_BASE_URL: 'https://bff.hlj.gov.cn' },
      { sites: [{ publicBaseUrl: 'https://a.gov.cn/zwfw' }, HARBIN, HLJ] },
    );
    assert.deepEqual(siteBasePaths(config).sort(), ['', '/govdock', '/zwfw', '/zwfw/govdock']);
    const path = basePathStripper(siteBasePaths(config));
    const at = (pathname: string) => path(new Request(`http://x${pathname}`));
    assert.equal(at('/govdock/auth/login'), '/auth/login');
    assert.equal(at('/zwfw/govdock/auth/login'), '/auth/login');
    assert.equal(at('/zwfw/api/v1/meta'), '/api/v1/meta');
    assert.equal(at('/auth/login'), '/auth/login');
    assert.equal(at('/govdock'), '/');
    assert.equal(at('/govdockx/a'), '/govdockx/a');
  });
});
