/** Pieces both renderings of the report share: titles, the date line, the environment rows. */
import type { DoctorReport } from './types.js';

export const REPORT_TITLE = '政务服务平台对接联调/验收报告';
export const REPORT_SUBTITLE = 'GovDock docking acceptance report (GB/T 政务服务平台对接 §4.2.3 联调测试与验收)';

/** `2026-11-29 10:15:00（北京时间）`: reports are read by people in China, whatever the server's zone. */
export function beijingTime(iso: string): string {
  const parts = new Intl.DateTimeFormat('zh-CN', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(iso));
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}:${part('second')}（北京时间）`;
}

export function environmentRows(report: DoctorReport): [string, string][] {
  const environment = report.environment;
  return [
    ['产品及版本', `${environment.product} ${environment.version}`],
    ['运行环境', `Node.js ${environment.node}，${environment.platform}，主机 ${environment.hostname}`],
    [
      '部署方式',
      environment.deploymentMode === 'same-origin' ? '同源网关挂载（same-origin）' : '独立域名（cross-site）',
    ],
    ['对外地址', environment.publicBaseUrl ?? '未配置'],
    ['资源库', environment.store],
    ['前置机', environment.front],
    ['统一身份认证平台', environment.auth],
    ['数据映射布局', environment.layout],
    ['前置机时区', environment.sourceTimeZone],
  ];
}

export const SIGN_OFF_ROLES = ['对接实施方', '前置机（数据交换）提供方', '统一身份认证平台方', '验收方'];
