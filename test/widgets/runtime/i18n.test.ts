import { expect } from '@open-wc/testing';
import { format, normalizeLocale, translate, type Strings } from '../../../widgets/runtime/i18n.js';

describe('i18n', () => {
  it('maps en* to en and everything else to the zh-CN source locale', () => {
    expect(
      ['en', 'en-US', 'EN-gb', 'zh', 'zh-TW', 'zh-Hans-CN', 'fr', '', null, undefined].map(normalizeLocale),
    ).to.deep.equal(['en', 'en', 'en', 'zh-CN', 'zh-CN', 'zh-CN', 'zh-CN', 'zh-CN', 'zh-CN', 'zh-CN']);
  });

  it('fills {name} placeholders and leaves unknown ones visible', () => {
    expect(format('共 {count} 项，{who}', { count: 3 })).to.equal('共 3 项，{who}');
  });

  it('falls back from en to zh-CN, then to the key', () => {
    const strings: Strings = { 'zh-CN': { a: '甲 {n}', b: '乙' }, en: { a: 'A {n}' } };
    expect(translate(strings, 'en', 'a', { n: 1 })).to.equal('A 1');
    expect(translate(strings, 'en', 'b')).to.equal('乙');
    expect(translate(strings, 'zh-CN', 'missing')).to.equal('missing');
  });
});
