import { expect } from '@open-wc/testing';
import { BffError, getBffClient, localizeError, setBffBase } from '../../../widgets/runtime/bff-client.js';
import { newTestBff } from '../support/bff-fixture.js';
import { openTab, type Tab } from '../support/tabs.js';

interface Echo {
  method: string;
  headers: Record<string, string | undefined>;
  body?: unknown;
}

async function failure(promise: Promise<unknown>): Promise<BffError> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(BffError);
    return error as BffError;
  }
  throw new Error('expected the call to fail');
}

describe('BFF client', () => {
  beforeEach(() => setBffBase(newTestBff().base));

  it('sends X-CSRF: 1 and Accept: application/json with GET, POST and DELETE', async () => {
    const client = getBffClient();
    const got = await client.get<Echo>('/echo');
    expect(got.method).to.equal('GET');
    expect(got.headers['x-csrf']).to.equal('1');
    expect(got.headers.accept).to.equal('application/json');
    const posted = await client.post<Echo>('/echo', { itemCode: '11230100MB1' });
    expect(posted.method).to.equal('POST');
    expect(posted.headers['x-csrf']).to.equal('1');
    expect(posted.headers['content-type']).to.equal('application/json');
    expect(posted.body).to.deep.equal({ itemCode: '11230100MB1' });
    const deleted = await client.del<Echo>('/echo');
    expect(deleted.method).to.equal('DELETE');
    expect(deleted.headers['x-csrf']).to.equal('1');
  });

  it('asks fetch to include credentials (cross-site mode needs the cookie)', async () => {
    const original = window.fetch;
    const seen: RequestInit[] = [];
    window.fetch = (input, init) => {
      seen.push(init ?? {});
      return original(input, init);
    };
    try {
      await getBffClient().get('/echo');
    } finally {
      window.fetch = original;
    }
    expect(seen.map((init) => init.credentials)).to.deep.equal(['include']);
  });

  it('is one client per page', () => {
    expect(getBffClient()).to.equal(getBffClient());
  });

  for (const [status, code, message] of [
    [401, 'unauthorized', '请先登录'],
    [403, 'forbidden', '没有权限进行此操作'],
    [404, 'not_found', '未找到相关内容'],
    [429, 'rate_limited', '操作过于频繁，请稍后再试'],
    [500, 'service_unavailable', '服务暂时不可用，请稍后再试'],
    [503, 'service_unavailable', '服务暂时不可用，请稍后再试'],
  ] as const) {
    it(`maps a bare ${status} to BffError ${code} with a Chinese message`, async () => {
      const error = await failure(getBffClient().get(`/status/${status}`));
      expect(error).to.be.instanceOf(Error);
      expect([error.code, error.status, error.message]).to.deep.equal([code, status, message]);
    });
  }

  it("keeps the BFF's own error code and Chinese message", async () => {
    const error = await failure(getBffClient().post('/status/409?code=case_closed&message=该办件已办结', {}));
    expect([error.code, error.status, error.message]).to.deep.equal(['case_closed', 409, '该办件已办结']);
  });

  it('reports an unreachable BFF as a network failure', async () => {
    setBffBase('http://127.0.0.1:9');
    const error = await failure(getBffClient().get('/auth/session'));
    expect([error.code, error.status, error.message]).to.deep.equal([
      'network_error',
      0,
      '网络连接失败，请检查网络后重试',
    ]);
  });

  it('gives up after the timeout with code timeout', async () => {
    const error = await failure(getBffClient().get('/slow?ms=2000', { timeout: 100 }));
    expect([error.code, error.status, error.message]).to.deep.equal(['timeout', 0, '请求超时，请稍后重试']);
  });

  it("passes the caller's own abort through as an AbortError, not a BffError", async () => {
    const controller = new AbortController();
    const call = getBffClient().get('/slow?ms=2000', { signal: controller.signal });
    controller.abort();
    const error = await call.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).not.to.be.instanceOf(BffError);
    expect((error as DOMException).name).to.equal('AbortError');
  });

  it('localises failures to English by status, since server messages are Chinese only', async () => {
    const limited = await failure(getBffClient().get('/status/429'));
    expect(localizeError(limited, 'en-GB')).to.equal('Too many requests, try later.');
    expect(localizeError(limited, 'zh-CN')).to.equal('操作过于频繁，请稍后再试');
    const closed = await failure(getBffClient().get('/status/409?code=case_closed&message=该办件已办结'));
    expect(localizeError(closed, 'en')).to.equal('Request failed, try again.');
    expect(localizeError(new TypeError('x'), 'zh-CN')).to.equal('出现错误，请稍后重试');
    expect(localizeError(new BffError('network_error', 0, '网络连接失败，请检查网络后重试'), 'en')).to.equal(
      'Network error, try again.',
    );
  });
});

describe('BFF discovery', () => {
  let tab: Tab;
  beforeEach(async () => {
    tab = await openTab(''); // a page whose runtime was told nothing
  });
  afterEach(() => tab.close());

  it('derives the base from the script URL, then data-bff, then setBffBase', () => {
    const { runtime, frame } = tab;
    expect(runtime.resolveBffBase('https://www.harbin.gov.cn/govdock/widgets/0.1.0/runtime-3f2a.js')).to.equal(
      'https://www.harbin.gov.cn/govdock',
    );
    // In tests the runtime is served from /widgets/runtime/…, so the BFF would be the origin itself.
    expect(runtime.getBffClient().base).to.equal(location.origin);
    const doc = frame.contentDocument as Document;
    const script = doc.createElement('script');
    script.dataset.bff = '/custom/bff/';
    doc.head.append(script);
    expect(runtime.getBffClient().base).to.equal(`${location.origin}/custom/bff`);
    runtime.setBffBase('https://bff.hlj.gov.cn/govdock/');
    expect(runtime.getBffClient().base).to.equal('https://bff.hlj.gov.cn/govdock');
  });
});
