import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createReturnToPolicy } from '../../../bff/auth/return-to.js';

describe('return_to allow-list', () => {
  const home = 'https://www.hlj.gov.cn/';
  const policy = createReturnToPolicy(
    ['https://harbin.gov.cn', 'https://hlj.gov.cn/zwfw/', 'https://a.gov.cn/bs'],
    home,
  );

  for (const good of [
    'https://harbin.gov.cn/',
    'https://harbin.gov.cn/any/page.html?x=1&y=2#frag',
    'https://hlj.gov.cn/zwfw/',
    'https://hlj.gov.cn/zwfw/item?id=1',
    'https://a.gov.cn/bs',
    'https://a.gov.cn/bs/x',
  ]) {
    it(`accepts ${good}`, () => assert.equal(policy.resolve(good), good));
  }

  for (const bad of [
    undefined,
    '',
    '/',
    '/zwfw/',
    '//evil.example',
    '/\\evil.example',
    '\\\\evil.example',
    'https:/\\evil.example',
    'https:evil.example',
    'javascript:alert(1)',
    'JavaScript://harbin.gov.cn/%0aalert(1)',
    'data:text/html,hi',
    'https://evil.example',
    'http://harbin.gov.cn/',
    'https://harbin.gov.cn:8443/',
    'https://harbin.gov.cn.evil.example/',
    'https://harbin.gov.cn@evil.example/',
    'https://user:pw@harbin.gov.cn/',
    'https://hlj.gov.cn/',
    'https://hlj.gov.cn/zwfwx/',
    'https://hlj.gov.cn/zwfw/../admin',
    'https://hlj.gov.cn/zwfw/%2e%2e/admin',
    'https://a.gov.cn/bsevil',
    'https://harbin.gov.cn/\tx',
    'https://harbin.gov.cn/' + 'a'.repeat(3000),
  ]) {
    it(`refuses ${JSON.stringify(bad)?.slice(0, 60)} (home instead)`, () => assert.equal(policy.resolve(bad), home));
  }
});
