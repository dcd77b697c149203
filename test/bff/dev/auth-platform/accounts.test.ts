import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../../../bff/dev/auth-platform/accounts.js';
import { verifyDemoCredentials } from '../../../../bff/dev/auth-platform/credentials.js';
import { isValidIdNumber, isValidUscc } from '../../../../bff/dev/generator/check-codes.js';
import { DEMO_APPLICANTS } from '../../../../bff/dev/generator/demo-applicants.js';

describe('development auth platform: demo accounts', () => {
  it('covers a 高级实名 自然人, a 法人 经办人 and an unverified user', () => {
    const kinds = DEMO_ACCOUNTS.map((account) => `${account.claims.user_type}:${account.claims.real_name_level}`);
    assert.deepEqual(kinds.sort(), ['legal:3', 'natural:1', 'natural:2', 'natural:3']);
    for (const account of DEMO_ACCOUNTS) {
      assert.equal(account.password, DEMO_PASSWORD);
      assert.match(account.description, /[\u4e00-\u9fff]/);
    }
    assert.equal(new Set(DEMO_ACCOUNTS.map((account) => account.accountId)).size, DEMO_ACCOUNTS.length);
  });

  it("shares the generator's demo applicants, so a demo login finds its cases", () => {
    for (const applicant of DEMO_APPLICANTS.filter((candidate) => candidate.registered)) {
      const account = DEMO_ACCOUNTS.find((candidate) => candidate.username === applicant.key);
      assert.ok(account, applicant.key);
      if (applicant.kind === 'person') {
        assert.equal(account.claims.id_number, applicant.idNumber);
        assert.ok(isValidIdNumber(applicant.idNumber));
      } else {
        assert.equal(account.claims.credit_code, applicant.creditCode);
        assert.equal(account.claims.agent_name, applicant.agent.name);
        assert.ok(isValidUscc(applicant.creditCode));
      }
    }
  });

  it('verifies credentials case-insensitively on the username only', () => {
    assert.equal(verifyDemoCredentials(' ZhangSan ', DEMO_PASSWORD)?.username, 'zhangsan');
    assert.equal(verifyDemoCredentials('zhangsan', 'DEMO1234'), undefined);
    assert.equal(verifyDemoCredentials('nobody', DEMO_PASSWORD), undefined);
    assert.equal(verifyDemoCredentials('', ''), undefined);
  });
});
