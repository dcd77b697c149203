import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  AuthProfileError,
  loadAuthProfile,
  oauth2ProfileSchema,
  parseAuthProfile,
} from '../../../../bff/auth/providers/oauth2/index.js';
import { shippedProfilePath } from '../../../../bff/auth/providers/oauth2/load-profile.js';

const shipped = async (name: string): Promise<Record<string, unknown>> =>
  JSON.parse(await readFile(shippedProfilePath(name), 'utf8')) as Record<string, unknown>;

describe('oauth2 profile validation', () => {
  it('accepts both shipped profiles once the deployment gives baseUrl and clientId', () => {
    const epoint = loadAuthProfile('epoint', {
      baseUrl: 'https://zwfw.xinjiang.gov.cn/epoint-web',
      clientId: 'a',
    });
    assert.equal(epoint.token.clientAuth, 'query');
    const zhejiang = loadAuthProfile('zhejiang', { clientId: 'AK' });
    assert.equal(zhejiang.baseUrl, 'https://puser.zjzwfw.gov.cn/sso');
    assert.equal(zhejiang.stateEchoed, false);
  });

  it('lets config override one endpoint (Zhejiang IRS gateway) and keeps the rest', () => {
    const irs = 'https://ibcdsg.zj.gov.cn:8443/restapi/prod/IC33000020220228000002/sso/servlet/simpleauth';
    const profile = loadAuthProfile('zhejiang', { clientId: 'AK', endpoints: { token: irs } });
    assert.equal(profile.endpoints.token, irs);
    assert.equal(profile.endpoints.userinfo, '{baseUrl}/servlet/simpleauth');
  });

  it('names a typo’d key, with its path, in Chinese and English', async () => {
    const raw = await shipped('zhejiang');
    const token = raw.token as Record<string, unknown>;
    const typo = { ...raw, clientId: 'AK', token: { ...token, clientAuht: 'signed' } };
    const result = oauth2ProfileSchema.safeParse(typo);
    assert.equal(result.success, false);
    const issue = result.error!.issues[0]!;
    assert.deepEqual(issue.path, ['token']);
    assert.match(issue.message, /未知配置项 "clientAuht"/);
    assert.match(issue.message, /unknown key\(s\): clientAuht/);
    assert.throws(
      () => parseAuthProfile(typo, 'zhejiang'),
      (error: unknown) => {
        assert.ok(error instanceof AuthProfileError);
        assert.match(error.message, /^token: 未知配置项 "clientAuht"/m);
        return true;
      },
    );
  });

  it('names a bad enum value, a malformed JSON path and a missing signing block', async () => {
    const raw = await shipped('zhejiang');
    const bad = {
      ...raw,
      clientId: 'AK',
      signing: undefined,
      token: { ...(raw.token as object), method: 'put' },
      userinfo: { ...(raw.userinfo as object), fields: { subject: 'user..id' } },
    };
    assert.throws(
      () => parseAuthProfile(bad, 'custom'),
      (error: unknown) => {
        assert.ok(error instanceof Error);
        assert.match(error.message, /token\.method: 取值须为 get \| post-form \| post-json/);
        assert.match(error.message, /userinfo\.fields\.subject: JSON 路径格式错误/);
        return true;
      },
    );
    const unsigned = { ...raw, clientId: 'AK', signing: undefined };
    assert.throws(() => parseAuthProfile(unsigned), /signing: 使用签名请求时须配置 signing/);
  });

  it('loads a profile from a file path (a new province is a new file)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'govdock-profile-'));
    const file = join(dir, 'newprovince.json');
    await writeFile(
      file,
      JSON.stringify({
        dialect: 'oauth2',
        name: 'newprovince',
        baseUrl: 'https://sso.example.gov.cn',
        clientId: 'app1',
        endpoints: {
          authorize: '{baseUrl}/oauth2/authorize',
          token: '{baseUrl}/oauth2/token',
          userinfo: '{baseUrl}/me',
        },
        token: {},
        userinfo: { fields: { subject: 'data.uid' } },
      }),
    );
    const profile = loadAuthProfile(file);
    assert.equal(profile.token.method, 'post-form');
    assert.equal(profile.token.clientAuth, 'basic');
    assert.throws(() => loadAuthProfile('no-such-province'), /auth profile not found/);
  });
});
