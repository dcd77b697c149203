/**
 * The configuration, judged for a real docking rather than a laptop: values that loadConfig
 * accepts (it already refused the malformed ones) but that are not fit for production — the
 * embedded store, no front processor, plain http, a missing PII key — become warnings or
 * failures with the key to set.
 */
import type { Config } from '../../config.js';
import { maskUrl } from './mask-url.js';
import type { CheckResult, CheckStatus } from './types.js';

const LOOPBACK = /^(127(?:\.\d{1,3}){3}|\[::1\]|localhost)$/;

function check(id: string, title: string, status: CheckStatus, summary: string, evidence: string[]): CheckResult {
  return { group: 'config', id, title, status, summary, evidence };
}

export interface ConfigCheckContext {
  /** A generated PII key exists in the data directory (`npm start` made it). */
  embeddedPiiKey: boolean;
}

export function configChecks(config: Config, context: ConfigCheckContext): CheckResult[] {
  const results: CheckResult[] = [
    check('config.loaded', '配置文件与环境变量', 'pass', '配置已通过校验', [
      '所有配置项格式正确（格式错误时 govdock 会直接报错退出，不会生成报告）',
    ]),
  ];

  results.push(
    config.databaseUrl
      ? check('config.store', '资源库（DATABASE_URL）', 'pass', '使用 PostgreSQL 资源库', [maskUrl(config.databaseUrl)])
      : check('config.store', '资源库（DATABASE_URL）', 'warn', '使用嵌入式资源库（PGlite），仅适合演示和单机试用', [
          `数据目录 ${config.dataDir}`,
          '正式部署请设置 DATABASE_URL=postgres://…',
        ]),
  );

  results.push(
    config.frontUrl
      ? check('config.front', '前置机地址（FRONT_URL）', 'pass', '已配置前置机', [maskUrl(config.frontUrl)])
      : check('config.front', '前置机地址（FRONT_URL）', 'warn', '未配置前置机：使用内置的模拟前置机', [
          '对接真实前置机请设置 FRONT_URL=mysql://… / postgres://… / file:///目录',
        ]),
  );

  if (config.piiHashKey) {
    results.push(
      check('config.pii', '身份证号加密密钥（PII_HASH_KEY）', 'pass', '已配置', ['密钥长度符合要求（不显示密钥）']),
    );
  } else if (context.embeddedPiiKey) {
    results.push(
      check('config.pii', '身份证号加密密钥（PII_HASH_KEY）', 'warn', '使用本机自动生成的密钥', [
        `${config.dataDir}/secrets.json`,
        '多台服务器或更换服务器时须使用同一密钥，请设置 PII_HASH_KEY',
      ]),
    );
  } else {
    results.push(
      check('config.pii', '身份证号加密密钥（PII_HASH_KEY）', 'fail', '未配置：无法把办件与登录用户对应', [
        '请设置至少 32 个字符的随机密钥 PII_HASH_KEY',
      ]),
    );
  }

  results.push(
    config.adminToken
      ? check('config.admin', '运维令牌（ADMIN_TOKEN）', 'pass', '运维接口已启用', ['令牌长度符合要求（不显示令牌）'])
      : check('config.admin', '运维令牌（ADMIN_TOKEN）', 'warn', '未配置：运维接口和运维页面不可用', [
          '设置 ADMIN_TOKEN（至少 32 个字符）后可使用 /admin/v1/ 和运维页面',
        ]),
  );

  if (!config.publicBaseUrl) {
    results.push(
      check('config.public', '对外地址（PUBLIC_BASE_URL）', 'warn', '未配置对外地址', [
        '配置统一身份认证时必须设置；回调地址由它生成',
      ]),
    );
  } else {
    const url = new URL(config.publicBaseUrl);
    const status: CheckStatus = url.protocol === 'https:' ? 'pass' : LOOPBACK.test(url.hostname) ? 'warn' : 'fail';
    const summary =
      status === 'pass' ? '使用 https' : status === 'warn' ? '本机 http，仅用于开发' : '对外地址必须使用 https';
    results.push(check('config.public', '对外地址（PUBLIC_BASE_URL）', status, summary, [config.publicBaseUrl]));
  }

  results.push(
    config.redisUrl
      ? check('config.redis', '会话与推送（REDIS_URL）', 'pass', '使用 Redis，可多实例部署', [maskUrl(config.redisUrl)])
      : check('config.redis', '会话与推送（REDIS_URL）', 'warn', '未配置 Redis：只能单实例运行', [
          '多实例部署时消息推送不能互通，请设置 REDIS_URL',
        ]),
  );

  if (config.deploymentMode === 'cross-site') {
    results.push(
      config.allowedOrigins.length > 0
        ? check('config.origins', '允许的网站（ALLOWED_ORIGINS）', 'pass', `${config.allowedOrigins.length} 个网站`, [
            ...config.allowedOrigins,
          ])
        : check('config.origins', '允许的网站（ALLOWED_ORIGINS）', 'fail', '独立域名部署时必须列出嵌入组件的网站', [
            'deploymentMode=cross-site 而 ALLOWED_ORIGINS 为空',
          ]),
    );
  }
  return results;
}
